import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseAnsibleInventory } from '../../src/core/profile/ansible-inventory.js';
import { inventoryToProfile, profileNameFor, type InventoryImport } from '../../src/core/profile/inventory-profile.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import { parseJumpSpec, parseSshCommonArgs } from '../../src/core/profile/ssh-common-args.js';

/** Real `ansible-inventory -i … --list` outputs (test/fixtures/ansible/list, from the inventories beside them). */
const LIST = path.resolve(import.meta.dirname, '..', 'fixtures', 'ansible', 'list');
const listed = (name: string): string => readFileSync(path.join(LIST, name), 'utf8');

function imported(fixture: string, head?: string): InventoryImport {
  const parsed = parseAnsibleInventory(listed(fixture));
  if (!parsed.ok) throw new Error(parsed.reason);
  const result = inventoryToProfile({ inventory: parsed.inventory, ...(head !== undefined && { head }), name: 'imp', source: fixture, cwd: '/inv' });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

const nodes = (value: InventoryImport): Record<string, unknown>[] => {
  const data = value.data as { head: Record<string, unknown>; workers: Record<string, unknown>[] };
  return [data.head, ...data.workers];
};
const lines = (value: InventoryImport): string[] => value.notCarried.map((n) => `${n.host} ${n.variable}: ${n.why}`);

describe('an Ansible inventory becomes a profile that passes its checks', () => {
  const cases: { fixture: string; head?: string; headName: string; chosenBy: string; workers: string[]; tags: string[] }[] = [
    { fixture: 'pi-cluster.json', headName: 'node1.local', chosenBy: 'group control_plane', workers: ['node2.local', 'node3.local', 'node4.local'], tags: ['cluster', 'control_plane', 'nodes'] },
    { fixture: 'turing-pi.json', headName: 'turing1', chosenBy: 'group control_plane', workers: ['turing2', 'turing3', 'turing4'], tags: ['storage', 'cluster', 'control_plane', 'nodes'] },
    { fixture: 'yaml-cluster.json', headName: 'gateway', chosenBy: 'group lb', workers: ['zero1', 'zero2', 'pi3'], tags: ['lb', 'web'] },
    { fixture: 'yaml-cluster-export.json', headName: 'gateway', chosenBy: 'group lb', workers: ['zero1', 'zero2', 'pi3'], tags: ['lb', 'web'] },
    { fixture: 'dir-cluster.json', headName: 'lb', chosenBy: 'group head', workers: ['w1', 'w2', 'w3'], tags: ['head', 'workers'] },
    { fixture: 'dynamic.json', headName: 'balancer', chosenBy: 'group head', workers: ['web-a', 'web-b'], tags: ['head', 'workers', 'rack1'] },
    { fixture: 'pi-cluster.json', head: 'node3.local', headName: 'node3.local', chosenBy: '--head', workers: ['node1.local', 'node2.local', 'node4.local'], tags: ['cluster', 'control_plane', 'nodes'] },
  ];
  it.each(cases)('$fixture (--head $head)', ({ fixture, head, headName, chosenBy, workers, tags }) => {
    const value = imported(fixture, head);
    expect(value.head).toEqual({ name: headName, chosenBy });
    expect((value.data as { workers: { name: string }[] }).workers.map((w) => w.name)).toEqual(workers);
    expect(value.tags).toEqual(tags);
    const check = parseProfile(stringify(value.data), '/inv/imp.yaml', '/home/me');
    expect(check.ok ? [] : check.errors).toEqual([]);
  });

  it('keeps address, port, user and key; a value every node shares goes to the top-level ssh', () => {
    const value = imported('pi-cluster.json');
    expect(value.data['ssh']).toEqual({ user: 'pi', identityFile: '~/.ssh/id_pi' });
    const [head, , , node4] = nodes(value);
    expect(head).toMatchObject({ name: 'node1.local', address: 'node1.local', services: ['haproxy'], tags: ['cluster', 'control_plane'] });
    expect(node4).toMatchObject({ address: 'node4.local', ssh: { port: 2222 } });
    const dir = nodes(imported('dir-cluster.json'));
    expect(dir[3]).toMatchObject({ name: 'w3', address: '10.1.0.13', model: 'Pi 5', services: ['nginx'], ssh: { port: 2200 } });
  });

  it('a ProxyJump or -J naming a host of the inventory (by name or address) becomes jump; a relative key is made absolute', () => {
    const [, zero1, zero2, pi3] = nodes(imported('yaml-cluster.json'));
    expect(zero1).toMatchObject({ ssh: { user: 'pi', jump: 'gateway' }, model: 'Pi Zero', services: ['nginx', 'webapp'] });
    expect(zero2).toMatchObject({ ssh: { jump: 'gateway' } });
    expect(pi3).toMatchObject({ ssh: { identityFile: '/inv/keys/pi3_ed25519' } });
    const turing4 = nodes(imported('turing-pi.json'))[3];
    expect(turing4).toMatchObject({ model: 'Jetson Nano', ssh: { jump: 'turing1' } });
  });

  it('the head\'s HAProxy sockets and frontend come from picon_ variables, else Debian\'s default socket', () => {
    expect((imported('yaml-cluster.json').data['head'] as Record<string, unknown>)['haproxy'])
      .toEqual({ sockets: ['/run/haproxy/admin-1.sock', '/run/haproxy/admin-2.sock'], frontendUrl: 'http://192.168.50.1/' });
    expect((imported('dynamic.json').data['head'] as Record<string, unknown>)['haproxy']).toEqual({ sockets: ['/run/haproxy/admin.sock'] });
  });

  it('a known_hosts file every host names becomes the profile\'s knownHosts', () => {
    expect(imported('dir-cluster.json').data['knownHosts']).toBe('/etc/picon/cluster_known_hosts');
  });

  it('names every variable it could not carry over: host, variable, why', () => {
    expect(lines(imported('yaml-cluster.json'))).toEqual(['s3 ansible_connection: is "local": picon reaches every node over SSH; host left out']);
    expect(lines(imported('dir-cluster.json'))).toEqual(['w3 ansible_password: picon takes no passwords: it logs in with keys (ssh-agent or an identity file)']);
    expect(lines(imported('dynamic.json'))).toEqual([
      'web-b ansible_ssh_common_args -o ProxyCommand=ssh -W %h:%p bastion: an ssh option picon does not use (it takes ProxyJump, -J and UserKnownHostsFile)',
    ]);
    const turing = lines(imported('turing-pi.json'));
    expect(turing).toContain('turing4 ansible_ssh_common_args -o StrictHostKeyChecking=no: picon always checks host keys; add them with `picon trust NODE`');
    expect(turing.filter((l) => l.includes('ansible_become'))).toHaveLength(4);
    expect(lines(imported('pi-cluster.json'))).toContain('node2.local ip_host_octet: picon has no use for it');
  });
});

describe('what cannot become a profile is one reason', () => {
  const failures: { fixture: string; head?: string; reason: RegExp }[] = [
    { fixture: 'malformed-truncated.json', reason: /^its output is not JSON/ },
    { fixture: 'malformed-not-json.json', reason: /^its output is not JSON/ },
    { fixture: 'malformed-array.json', reason: /^its output is not an inventory list/ },
    { fixture: 'malformed-hosts-mapping.json', reason: /^its output is not an inventory list: web\.hosts: / },
    { fixture: 'malformed-hostvars-list.json', reason: /^its output is not an inventory list: _meta\.hostvars: / },
    { fixture: 'empty.json', reason: /^the inventory has no hosts$/ },
    { fixture: 'pi-cluster.json', head: 'nodes', reason: /^--head nodes: group nodes has 3 hosts \(node2\.local, node3\.local, node4\.local\); name one host$/ },
    { fixture: 'pi-cluster.json', head: 'nope', reason: /^--head nope: no group or host of that name \(groups: cluster \(4 hosts\), control_plane \(1 host\), nodes \(3 hosts\)\)$/ },
    { fixture: 'yaml-cluster.json', head: 's3', reason: /^head s3: ansible_connection is "local"/ },
  ];
  it.each(failures)('$fixture (--head $head)', ({ fixture, head, reason }) => {
    const parsed = parseAnsibleInventory(listed(fixture));
    const result = parsed.ok
      ? inventoryToProfile({ inventory: parsed.inventory, ...(head !== undefined && { head }), name: 'x', source: fixture, cwd: '/' })
      : parsed;
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it('with no --head and no head-like group of one host, it asks for --head and lists the groups', () => {
    const parsed = parseAnsibleInventory(JSON.stringify({ all: { children: ['web'] }, web: { hosts: ['a', 'b'] } }));
    const result = parsed.ok ? inventoryToProfile({ inventory: parsed.inventory, name: 'x', source: 's', cwd: '/' }) : parsed;
    expect(result).toEqual({ ok: false, reason: 'which host runs HAProxy? name it with --head GROUP|HOST (groups: web (2 hosts))' });
  });

  it('bad values are dropped with the reason, the rest kept; odd host names become valid node names', () => {
    const parsed = parseAnsibleInventory(JSON.stringify({
      all: { children: ['head', 'web'] },
      head: { hosts: ['lb'] },
      web: { hosts: ['w 1', 'w2'] },
      _meta: { hostvars: { 'w 1': { ansible_host: '10.0.0.1', ansible_port: 'ssh' }, w2: { ansible_host: 'a;b', ansible_user: 'x y' } } },
    }));
    const result = parsed.ok ? inventoryToProfile({ inventory: parsed.inventory, name: 'x', source: 's', cwd: '/' }) : parsed;
    if (!result.ok) throw new Error(result.reason);
    expect((result.value.data['workers'] as { name: string }[]).map((w) => w.name)).toEqual(['w-1']);
    expect(lines(result.value)).toEqual([
      'w 1 ansible_port: "ssh" is not a port (1-65535)',
      'w 1 inventory name: is not a picon name (letters, digits, ".", "_" or "-", 1 to 64 characters); the node is called "w-1"',
      'w2 ansible_host: "a;b" is not a host name or IP address; host left out',
    ]);
  });
});

describe('ansible_ssh_common_args', () => {
  const cases: { args: string; proxyJump?: string; knownHosts?: string; others: string[] }[] = [
    { args: '-o ProxyJump=pi@10.0.0.1', proxyJump: 'pi@10.0.0.1', others: [] },
    { args: '-J bastion:2222', proxyJump: 'bastion:2222', others: [] },
    { args: '-Jbastion', proxyJump: 'bastion', others: [] },
    { args: '-oProxyJump=gw', proxyJump: 'gw', others: [] },
    { args: '-o "ProxyJump gw" -o StrictHostKeyChecking=no', proxyJump: 'gw', others: ['-o StrictHostKeyChecking=no'] },
    { args: "-o 'UserKnownHostsFile=/k h' -C", knownHosts: '/k h', others: ['-C'] },
    { args: '-o ProxyCommand="ssh -W %h:%p -q bastion"', others: ['-o ProxyCommand=ssh -W %h:%p -q bastion'] },
  ];
  it.each(cases)('$args', ({ args, proxyJump, knownHosts, others }) => {
    expect(parseSshCommonArgs(args)).toEqual({ ok: true, args: { ...(proxyJump !== undefined && { proxyJump }), ...(knownHosts !== undefined && { userKnownHostsFile: knownHosts }), others } });
  });
  it('an unclosed quote is a reason, not a guess', () => {
    expect(parseSshCommonArgs('-o "ProxyJump=gw')).toEqual({ ok: false, reason: 'has an unclosed double quote' });
  });
  it('jump specs', () => {
    expect(parseJumpSpec('pi@gw:2222')).toEqual({ user: 'pi', host: 'gw', port: 2222 });
    expect(parseJumpSpec('[fe80::1]:22')).toEqual({ host: 'fe80::1', port: 22 });
    expect(parseJumpSpec('gw')).toEqual({ host: 'gw' });
  });
});

describe('the profile name', () => {
  it.each([
    ['/x/pi-cluster/hosts.ini', 'pi-cluster'],
    ['/x/inventory/', 'x'],
    ['/x/turing.yml', 'turing'],
    ['/x/my cluster.ini', 'my-cluster'],
  ])('%s → %s', (file, name) => expect(profileNameFor(file)).toBe(name));
});
