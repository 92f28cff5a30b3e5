import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { connectionSettings, parseProxyJump } from '../../src/core/ssh/connection-settings.js';
import { parseSshConfigOutput } from '../../src/core/ssh/ssh-config-output.js';
import { sshConfigFromComputed } from '../../src/core/ssh/ssh-config-computed.js';
import type { NodeSpec } from '../../src/core/profile/profile.js';

const captured = readFileSync(new URL('../fixtures/ssh/ssh-G-plain.txt', import.meta.url), 'utf8');

describe('parseSshConfigOutput (ssh -G)', () => {
  it.each([
    {
      name: 'real OpenSSH 9.2 output',
      text: captured,
      expected: { hostname: 'piclusternode0', user: 'pi', port: 2222, firstIdentity: '/home/me/.ssh/id_rsa', proxyJump: undefined },
    },
    {
      name: 'ProxyJump and HostKeyAlias from a Host block',
      text: 'host p1\nhostname 172.19.181.1\nuser pi\nport 22\nproxyjump head\nhostkeyalias p1-zero\nidentityfile ~/.ssh/cluster\n',
      expected: { hostname: '172.19.181.1', user: 'pi', port: 22, firstIdentity: '/home/me/.ssh/cluster', proxyJump: 'head' },
    },
    {
      name: 'garbage',
      text: '\u0000\u0001 nonsense\n\nport banana\n',
      expected: { hostname: undefined, user: undefined, port: undefined, firstIdentity: undefined, proxyJump: undefined },
    },
    {
      name: 'truncated',
      text: 'host x\nhostna',
      expected: { hostname: undefined, user: undefined, port: undefined, firstIdentity: undefined, proxyJump: undefined },
    },
  ])('$name', ({ text, expected }) => {
    const c = parseSshConfigOutput(text, '/home/me');
    expect({ hostname: c.hostname, user: c.user, port: c.port, firstIdentity: c.identityFiles[0], proxyJump: c.proxyJump }).toEqual(expected);
  });

  it('reads every known_hosts file OpenSSH would use', () => {
    expect(parseSshConfigOutput(captured, '/home/me').userKnownHostsFiles).toEqual(['/home/me/.ssh/known_hosts', '/home/me/.ssh/known_hosts2']);
  });

  it('treats "proxyjump none" as no jump', () => {
    expect(parseSshConfigOutput('proxyjump none\n', '/h').proxyJump).toBeUndefined();
  });
});

const node = (ssh: NodeSpec['ssh']): NodeSpec => ({
  name: 'p1',
  role: 'worker',
  address: 'p1.local',
  ssh,
  services: [],
  serviceControl: { restart: 'r {service}', isActive: 'a {service}' },
  servers: [],
});

describe('connectionSettings: the profile over ~/.ssh/config', () => {
  const config = parseSshConfigOutput('hostname 10.0.0.5\nuser alice\nport 2200\nidentityfile ~/.ssh/a\nhostkeyalias p1key\n', '/home/me');

  it('takes user, port and keys from ssh config when the profile is silent', () => {
    expect(connectionSettings(node({}), config, 'me')).toEqual({
      node: 'p1', host: '10.0.0.5', port: 2200, user: 'alice', identityFiles: ['/home/me/.ssh/a'], namedIdentityFiles: ['/home/me/.ssh/a'], knownHostsName: 'p1key',
    });
  });

  it("counts OpenSSH's default key names as not named (a missing one is no news), unless the profile names it", () => {
    const defaults = parseSshConfigOutput(['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map((k) => `identityfile ~/.ssh/${k}\n`).join(''), '/home/me');
    expect(connectionSettings(node({}), defaults, 'me').namedIdentityFiles).toEqual([]);
    expect(connectionSettings(node({ identityFile: '/home/me/.ssh/id_rsa' }), defaults, 'me').namedIdentityFiles).toEqual(['/home/me/.ssh/id_rsa']);
    expect(connectionSettings(node({ identityFile: '/k/pi' }), defaults, 'me').namedIdentityFiles).toEqual(['/k/pi']);
  });

  it('lets the profile win and puts its key first', () => {
    const s = connectionSettings(node({ user: 'pi', port: 22, identityFile: '/k/lab', jump: 'head' }), config, 'me');
    expect(s).toMatchObject({ user: 'pi', port: 22, identityFiles: ['/k/lab', '/home/me/.ssh/a'], jumpNode: 'head' });
  });

  it('falls back to the address, port 22 and the local user without any ssh config', () => {
    expect(connectionSettings(node({}), undefined, 'me')).toEqual({
      node: 'p1', host: 'p1.local', port: 22, user: 'me', identityFiles: [], namedIdentityFiles: [], knownHostsName: 'p1.local',
    });
  });
});

describe('~/.ssh/config without OpenSSH (the ssh-config library fallback)', () => {
  it('finds the Host block and the wildcard defaults for a host', async () => {
    const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readUserSshConfig } = await import('../../src/adapters/ssh/ssh-config-resolver.js');
    const home = mkdtempSync(join(tmpdir(), 'picon-home-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    mkdirSync(join(home, '.ssh'));
    writeFileSync(
      join(home, '.ssh', 'config'),
      'Host p?\n  HostName 172.19.181.%h\n  ProxyJump head\nHost p1\n  User pi\n  Port 2200\n  IdentityFile ~/.ssh/zero\nHost *\n  User nobody\n  IdentityFile ~/.ssh/id_ed25519\n',
    );
    const c = await readUserSshConfig('p1', home);
    expect(c).toMatchObject({ user: 'pi', port: 2200, proxyJump: 'head', identityFiles: [`${home}/.ssh/zero`, `${home}/.ssh/id_ed25519`] });
    expect(await readUserSshConfig('p1', join(home, 'nowhere'))).toBeUndefined();
  });

  it('maps computed values the way ssh -G output is read', () => {
    const local = { homeDir: '/h', host: 'a', localUser: 'me', localHost: 'desk', uid: 1000 };
    expect(sshConfigFromComputed({ HostName: 'a', Port: 'x', IdentityFile: '~/k', ProxyJump: 'none' }, local)).toEqual({
      hostname: 'a', identityFiles: ['/h/k'],
    });
  });
});

describe('ProxyJump from ~/.ssh/config', () => {
  it.each([
    ['head', { host: 'head' }],
    ['pi@piclusternode0:2222', { host: 'piclusternode0', user: 'pi', port: 2222 }],
    ['[fe80::1]:22,other', { host: 'fe80::1', port: 22 }],
    ['bad host', undefined],
    ['', undefined],
  ])('%j → first hop %j', (text, expected) => {
    expect(parseProxyJump(text)).toEqual(expected);
  });

  const head: NodeSpec = { ...node({}), name: 'head', role: 'head', address: 'piclusternode0' };
  it('jumps through the node a ProxyJump names (by name or address)', () => {
    const config = parseSshConfigOutput('proxyjump pi@piclusternode0\n', '/h');
    expect(connectionSettings(node({}), config, 'me', [head]).jumpNode).toBe('head');
    expect(connectionSettings(node({}), config, 'me', [head]).jumpHost).toBeUndefined();
  });

  it('keeps a ProxyJump to a host outside the profile as its own hop', () => {
    const config = parseSshConfigOutput('proxyjump bastion:2200\n', '/h');
    expect(connectionSettings(node({}), config, 'me', [head])).toMatchObject({ jumpHost: { host: 'bastion', port: 2200 } });
  });

  it('lets the profile\'s jump win over ~/.ssh/config', () => {
    const config = parseSshConfigOutput('proxyjump bastion\n', '/h');
    const s = connectionSettings(node({ jump: 'head' }), config, 'me', [head]);
    expect(s.jumpNode).toBe('head');
    expect(s.jumpHost).toBeUndefined();
  });
});
