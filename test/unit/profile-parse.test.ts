import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProfileError, parseProfile } from '../../src/core/profile/parse-profile.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const brokenDir = path.join(root, 'test/fixtures/profiles/broken');

function parseFixture(relative: string) {
  const file = path.join(root, relative);
  return parseProfile(readFileSync(file, 'utf8'), file, '/home/tester', { displayFile: relative });
}

/** Every broken fixture and the exact lines a user sees for it. */
const BROKEN: Record<string, string[]> = {
  'syntax-unclosed-list.yaml': [':5:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  'duplicate-key.yaml': [':10:5: workers[1].address: is given twice (each field may appear once in a mapping)'],
  'empty.yaml': [': is empty; a profile needs at least `head` and `workers` (see docs/profiles.md)'],
  'only-comments.yaml': [': is empty; a profile needs at least `head` and `workers` (see docs/profiles.md)'],
  'root-is-list.yaml': [':1:1: must be a mapping of fields (head, workers, …), not a list'],
  'garbage.yaml': [':1:1: must be a mapping of fields (head, workers, …), not a single text value'],
  'truncated.yaml': [':7:5: YAML syntax: Implicit map keys need to be followed by map values'],
  'tab-indent.yaml': [':2:1: YAML does not allow tabs for indentation; use spaces'],
  'two-documents.yaml': [':5:1: holds more than one YAML document (a profile is one; remove the extra "---")'],
  'unresolved-alias.yaml': [':8:10: workers[0].ssh: *zero-ssh refers to no anchor; define &zero-ssh before it'],
  'unknown-field-typo.yaml': [':4:5: head.ssh.prot: unknown field (did you mean "port"?)'],
  'unknown-top-level.yaml': [':1:1: workers: is required', ':5:1: worker: unknown field (did you mean "workers"?)'],
  'name-injection.yaml': [
    ':10:11: workers[2].name: must be letters, digits, ".", "_" or "-", 1 to 64 characters (got "p1;reboot")',
  ],
  'service-with-space.yaml': [
    ':8:23: workers[0].services[1]: must be letters, digits, ".", "_" or "-", 1 to 64 characters (got "web app")',
  ],
  'address-with-shell.yaml': [':2:12: head.address: must be a host name or an IP address (got "lb$(id)")'],
  'port-as-text.yaml': [':2:9: ssh.port: must be a number (got "22")'],
  'port-out-of-range.yaml': [':9:13: workers[0].ssh.port: must be at most 65535 (got 70000)'],
  'missing-head-address.yaml': [':1:1: head.address: is required'],
  'no-workers.yaml': [':5:1: workers: needs at least one worker'],
  'workers-not-list.yaml': [':5:1: workers: must be a list (got a mapping)'],
  'empty-ssh-section.yaml': [':3:7: head.ssh: must be a mapping of fields (got nothing)'],
  'socket-relative.yaml': [':6:9: head.haproxy.sockets[1]: must be an absolute path (got "run/haproxy/admin-2.sock")'],
  'socket-with-blank.yaml': [
    ':6:19: head.haproxy.masterSocket: must use only letters, digits and . _ / @ + - (at most 200): socat on the head takes it as an address (got "/run/haproxy/master socket.sock")',
  ],
  'frontend-url-ftp.yaml': [':5:18: head.haproxy.frontendUrl: must be an http(s) URL (got "ftp://lb/")'],
  'preset-bad-target.yaml': [':11:13: loadTests[0].target: must be one of "frontend", "nginx", "app" (got "cluster")'],
  'header-not-text.yaml': [':12:14: loadTests[0].headers["X-Run"]: must be text (got 42)'],
  'preset-header-crlf.yaml': [
    ':12:14: loadTests[0].headers["X-Run"]: value has a carriage return (CR) at character 2; a header value is one line with no control characters (got "a\\r\\nX-Injected: 1")',
  ],
  'preset-header-bad-name.yaml': [
    ':12:16: loadTests[0].headers["X Run"]: name has a space; a header name is letters, digits and !#$%&\'*+-.^_`|~ only (got "X Run")',
  ],
  'preset-path-space.yaml': [':11:11: loadTests[0].path: has a space at character 14; percent-encode it as %20 (got "/search?q=two words")'],
  'preset-path-crlf.yaml': [':11:11: loadTests[0].path: has a carriage return (CR) at character 3; percent-encode it as %0D (got "/a\\r\\nHost: evil")'],
  'preset-path-fragment.yaml': [
    ':11:11: loadTests[0].path: has "#" at character 6: a fragment is never sent to the server; percent-encode it as %23 (got "/page#section")',
  ],
  'jump-unknown-node.yaml': [':14:13: workers[2].ssh.jump: no node named "controller" (nodes: lb, p1, p2, p3)'],
  'jump-chain.yaml': [':11:18: workers[1].ssh.jump: "p1" itself jumps through "head"; only one hop is supported'],
  'duplicate-node-name.yaml': [
    ':8:5: workers[1].servers[0]: server web/p1 already belongs to p1',
    ':8:11: workers[1].name: node name "p1" is used twice',
  ],
  'server-unknown-backend.yaml': [':9:15: workers[0].servers[0]: backend "api" is not in head.haproxy.backends (web)'],
  'preset-without-node.yaml': [':9:5: loadTests[0].node: target "app" needs a node'],
  'preset-frontend-without-url.yaml': [':9:5: loadTests[0].target: target "frontend" needs head.haproxy.frontendUrl'],
  'template-unknown-placeholder.yaml': [':2:12: serviceControl.restart: unknown placeholder {svc} (allowed: {service}, {node})'],
};

describe('parseProfile on broken profiles', () => {
  it('has a row for every broken fixture (and at least 15 of them)', () => {
    const files = readdirSync(brokenDir).filter((f) => f.endsWith('.yaml')).sort();
    expect(Object.keys(BROKEN).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(Object.entries(BROKEN))('%s: names the file, field, line and problem', (fixture, expected) => {
    const relative = `test/fixtures/profiles/broken/${fixture}`;
    const result = parseFixture(relative);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatProfileError);
    expect(lines).toEqual(expected.map((tail) => `${relative}${tail}`));
    for (const line of lines) expect(line).not.toContain('\n');
  });
});

describe('parseProfile on good profiles', () => {
  it('reads the shipped pi-cluster profile', () => {
    const result = parseFixture('profiles/pi-cluster.yaml');
    if (!result.ok) throw new Error(result.errors.map(formatProfileError).join('\n'));
    const { profile } = result;
    expect(profile.name).toBe('pi-cluster');
    expect(profile.head).toMatchObject({ name: 'piclusternode0', address: 'piclusternode0', model: 'Pi 2', services: ['haproxy'] });
    expect(profile.haproxy.sockets).toEqual([1, 2, 3, 4].map((n) => `/run/haproxy/admin-${n}.sock`));
    expect(profile.haproxy.frontendUrl).toBe('http://piclusternode0/');
    expect(profile.workers.map((w) => [w.name, w.model, w.ssh.jump ?? '-'])).toEqual([
      ['p1', 'Pi Zero', 'piclusternode0'],
      ['p2', 'Pi Zero', 'piclusternode0'],
      ['p3', 'Pi Zero', 'piclusternode0'],
      ['p4', 'Pi Zero', 'piclusternode0'],
      ['pibplus', 'Pi 1 B+ (512 MB)', '-'],
      ['pi3', 'Pi 3', '-'],
    ]);
    for (const w of profile.workers) {
      expect(w.services).toEqual(['nginx', 'webapp']);
      expect(w.servers).toEqual([{ backend: 'web', server: w.name }]);
      expect(w.ssh.user).toBe('pi');
    }
    expect(profile.loadTests.find((p) => p.name === 'homepage')).toMatchObject({
      target: 'frontend', path: '/', concurrency: 100, requests: 10000, keepAlive: true,
    });
    expect(profile.loadTests.map((p) => p.target)).toEqual(expect.arrayContaining(['frontend', 'nginx', 'app']));
  });

  it('keeps IP addresses out of the shipped profile', () => {
    const text = readFileSync(path.join(root, 'profiles/pi-cluster.yaml'), 'utf8');
    expect(text).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/profile.schema.json');
  });

  it('fills in the defaults of a minimal profile', () => {
    const result = parseFixture('test/fixtures/profiles/good/minimal.yaml');
    if (!result.ok) throw new Error(result.errors.map(formatProfileError).join('\n'));
    const { profile } = result;
    expect(profile.name).toBe('minimal');
    expect(profile.file).toBe(path.join(root, 'test/fixtures/profiles/good/minimal.yaml'));
    expect(profile.head.name).toBe('head');
    expect(profile.haproxy).toEqual({ sockets: ['/run/haproxy/admin.sock'], backends: ['web'], config: '/etc/haproxy/haproxy.cfg' });
    expect(profile.workers[0]).toEqual({
      name: 'web1',
      role: 'worker',
      address: 'web1.example',
      ssh: {},
      services: [],
      serviceControl: { restart: 'sudo -n systemctl restart {service}', isActive: 'systemctl is-active {service}' },
      servers: [{ backend: 'web', server: 'web1' }],
    });
    expect(profile.nodes.map((n) => n.name)).toEqual(['head', 'web1']);
    expect(profile.loadTests).toEqual([]);
  });

  it('resolves key and known_hosts paths against the profile directory and ~', () => {
    const text = [
      'knownHosts: keys/known_hosts',
      'ssh: { identityFile: ~/.ssh/pi_ed25519 }',
      'head: { address: lb, haproxy: { sockets: [/run/a.sock] } }',
      'workers:',
      '  - { name: w1, address: w1, ssh: { identityFile: ./w1.key, user: alice } }',
    ].join('\n');
    const result = parseProfile(text, '/srv/profiles/lab.yaml', '/home/tester');
    if (!result.ok) throw new Error(result.errors.map(formatProfileError).join('\n'));
    expect(result.profile.knownHostsFiles).toEqual(['/srv/profiles/keys/known_hosts']);
    expect(result.profile.head.ssh).toEqual({ identityFile: '/home/tester/.ssh/pi_ed25519' });
    expect(result.profile.workers[0]?.ssh).toEqual({ identityFile: '/srv/profiles/w1.key', user: 'alice' });
  });

  it('takes `jump: head` as the head node, unless a worker is called head', () => {
    const base = 'head: { name: lb, address: lb, haproxy: { sockets: [/run/a.sock] } }\n';
    const viaHead = parseProfile(`${base}workers: [{ name: z1, address: z1, ssh: { jump: head } }]`, '/p/x.yaml', '/h');
    expect(viaHead.ok && viaHead.profile.workers[0]?.ssh.jump).toBe('lb');
    const workerNamedHead = parseProfile(
      `${base}workers: [{ name: head, address: h }, { name: z1, address: z1, ssh: { jump: head } }]`, '/p/x.yaml', '/h');
    expect(workerNamedHead.ok && workerNamedHead.profile.workers[1]?.ssh.jump).toBe('head');
  });

  it('accepts YAML anchors and merge keys for workers that share settings', () => {
    const text = [
      'head: { name: lb, address: lb, haproxy: { sockets: [/run/a.sock] } }',
      'workers:',
      '  - &zero { name: p1, address: p1, model: Pi Zero, services: [nginx], ssh: { jump: head } }',
      '  - { <<: *zero, name: p2, address: p2 }',
    ].join('\n');
    const result = parseProfile(text, '/p/x.yaml', '/h');
    if (!result.ok) throw new Error(result.errors.map(formatProfileError).join('\n'));
    expect(result.profile.workers[1]).toMatchObject({ name: 'p2', address: 'p2', model: 'Pi Zero', services: ['nginx'], ssh: { jump: 'lb' } });
  });

  it('points at the line of a later cross-field error, not the start of the file', () => {
    const text = 'head:\n  address: lb\n  haproxy:\n    sockets: [/a, /a]\nworkers: [{ name: w, address: w }]\n';
    const result = parseProfile(text, '/p/x.yaml', '/h', { displayFile: 'x.yaml' });
    expect(!result.ok && result.errors.map(formatProfileError)).toEqual([
      'x.yaml:4:19: head.haproxy.sockets[1]: socket "/a" is listed twice',
    ]);
  });
});
