import { readFileSync } from 'node:fs';
import SSHConfig from 'ssh-config';
import { describe, expect, it } from 'vitest';
import { knownHostsFilesFor, trustTargetFile } from '../../src/adapters/ssh/known-hosts-file.js';
import { connectionSettings } from '../../src/core/ssh/connection-settings.js';
import {
  expandKnownHostsPath,
  parseSshGFileList,
  rehome,
  type KnownHostsTokens,
} from '../../src/core/ssh/known-hosts-files.js';
import { sshConfigFromComputed } from '../../src/core/ssh/ssh-config-computed.js';
import { parseSshConfigOutput } from '../../src/core/ssh/ssh-config-output.js';
import type { NodeSpec } from '../../src/core/profile/profile.js';

/** Which known_hosts files a node's host key is checked against, as OpenSSH 9.2 reads them. */

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ssh/${name}`, import.meta.url), 'utf8');
/** `ssh -G -F known-hosts-config HOST` on the capture machine: user root (uid 0), home /root, host name vm. */
const captured = (host: string): string => fixture(`ssh-G-known-hosts-${host}.txt`);
const captureMachine = { homeDir: '/root', localUser: 'root', localHost: 'vm', uid: 0 };

describe('parseSshGFileList: ssh -G joins the files with one blank and quotes none', () => {
  const onDisk = (...files: string[]) => (f: string) => files.includes(f);
  it.each([
    ['/a b/kh /c', onDisk('/a b/kh', '/c'), ['/a b/kh', '/c']],
    ['/a b/kh /c', onDisk(), ['/a', 'b/kh', '/c']],
    ['/kh/x  y /z', onDisk('/kh/x  y'), ['/kh/x  y', '/z']],
    ['/a b c', onDisk('/a b', '/a b c'), ['/a b c']],
    ['/a b c', onDisk('/a b'), ['/a b', 'c']],
    ['none /a b', onDisk('/a b'), []],
    ['  /a  ', onDisk(), ['/a']],
    ['', onDisk(), []],
  ])('%j → %j', (value, exists, expected) => {
    expect(parseSshGFileList(value, exists)).toEqual(expected);
  });
});

describe('expandKnownHostsPath: ~ and the tokens UserKnownHostsFile accepts', () => {
  const t: KnownHostsTokens = {
    homeDir: '/home/me', localUser: 'me', localHost: 'desk.lan', uid: 1000,
    originalHost: 'p1', host: '10.0.0.5', port: 2222, remoteUser: 'pi',
  };
  it.each([
    ['~/.ssh/known_hosts', '/home/me/.ssh/known_hosts'],
    ['~', '/home/me'],
    ['~other/known_hosts', '~other/known_hosts'],
    ['/x/~/y', '/x/~/y'],
    ['%d/kh', '/home/me/kh'],
    ['/kh/%u@%l', '/kh/me@desk.lan'],
    ['/kh/%L', '/kh/desk'],
    ['/kh/%h_%p', '/kh/10.0.0.5_2222'],
    ['/kh/%n', '/kh/p1'],
    ['/kh/%r', '/kh/pi'],
    ['/kh/%i', '/kh/1000'],
    ['/kh/%k', '/kh/p1'],
    ['/kh/100%%', '/kh/100%'],
    ['/kh/%%h', '/kh/%h'],
  ])('%s → %s', (file, expected) => {
    expect(expandKnownHostsPath(file, t)).toEqual({ ok: true, value: expected });
  });

  it('%k is the HostKeyAlias when there is one', () => {
    expect(expandKnownHostsPath('/kh/%k', { ...t, hostKeyAlias: 'zero' })).toEqual({ ok: true, value: '/kh/zero' });
  });

  it.each([['/kh/%z', '%z'], ['/kh/%', '%']])('refuses %s like ssh (unknown token %s)', (file, token) => {
    expect(expandKnownHostsPath(file, t)).toEqual({ ok: false, reason: `${file}: unknown token ${token}` });
  });
});

describe('rehome: ssh -G expands ~ to the account home, picon reads under $HOME', () => {
  it.each([
    ['/root/.ssh/known_hosts', '/root', '/tmp/h', '/tmp/h/.ssh/known_hosts'],
    ['/root', '/root', '/tmp/h', '/tmp/h'],
    ['/rootless/kh', '/root', '/tmp/h', '/rootless/kh'],
    ['/srv/kh', '/root', '/tmp/h', '/srv/kh'],
    ['/root/.ssh/known_hosts', '/root', '/root', '/root/.ssh/known_hosts'],
    ['/root/.ssh/known_hosts', undefined, '/tmp/h', '/root/.ssh/known_hosts'],
  ])('%s (ssh home %s, $HOME %s) → %s', (file, sshHome, home, expected) => {
    expect(rehome(file, sshHome, home)).toBe(expected);
  });
});

describe('the known_hosts settings from real ssh -G output (OpenSSH 9.2)', () => {
  it.each([
    {
      host: 'tokens',
      user: ['/root/kh/real.example_2200', '/root/a', 'root-vm-vm-tokens-bob-0', 'd1bae73bfdd7373abbdfcf4fc4681e44e40afbad', 'tokens', '100%'],
      global: ['/srv/ssh/global', '~/not-expanded'],
    },
    { host: 'aliased', user: ['/root/.ssh/hosts_zero-one', 'aliased'], global: [] },
    { host: 'off', user: [], global: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'] },
    { host: 'plain', user: ['/root/.ssh/known_hosts', '/root/.ssh/known_hosts2'], global: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'] },
  ])('$host', ({ host, user, global }) => {
    const c = parseSshConfigOutput(captured(host), '/root', '/root');
    expect(c.userKnownHostsFiles).toEqual(user);
    expect(c.globalKnownHostsFiles).toEqual(global);
  });

  it('keeps a path with blanks whole where that file exists (captured: OpenSSH prints it unquoted)', () => {
    const exists = (f: string) => ['/tmp/h/kh dir/known  hosts', '/srv/a b', '/etc/ssh/known hosts'].includes(f);
    const c = parseSshConfigOutput(captured('spaced'), '/tmp/h', '/root', exists);
    expect(c.userKnownHostsFiles).toEqual(['/tmp/h/kh dir/known  hosts', '/tmp/h/.ssh/known_hosts', '/srv/a b']);
    expect(c.globalKnownHostsFiles).toEqual(['/etc/ssh/known hosts']);
  });

  it("reads files under the account's home in $HOME when they differ", () => {
    const c = parseSshConfigOutput(captured('plain'), '/tmp/h', '/root');
    expect(c.userKnownHostsFiles).toEqual(['/tmp/h/.ssh/known_hosts', '/tmp/h/.ssh/known_hosts2']);
    expect(c.globalKnownHostsFiles).toEqual(['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
  });

  it.each([
    ['truncated', captured('tokens').slice(0, captured('tokens').indexOf('userknownhostsfile') + 'userknownhostsfi'.length)],
    ['garbage', '\u0000\u0001 nonsense\nuserknownhostsfile\n\n'],
    ['empty', ''],
  ])('%s output says nothing: OpenSSH defaults apply later', (_name, text) => {
    expect(parseSshConfigOutput(text, '/root', '/root').userKnownHostsFiles).toBeUndefined();
  });
});

describe('without OpenSSH: the same ~/.ssh/config through the ssh-config library', () => {
  const config = SSHConfig.parse(fixture('known-hosts-config'));
  it.each(['tokens', 'aliased', 'off', 'plain'])('%s expands to what ssh -G printed', (host) => {
    const fromLibrary = sshConfigFromComputed(config.compute(host), { ...captureMachine, host });
    const fromSsh = parseSshConfigOutput(captured(host), '/root', '/root');
    // The library leaves unset values unset: there OpenSSH's defaults apply later.
    expect(fromLibrary.userKnownHostsFiles ?? fromSsh.userKnownHostsFiles).toEqual(fromSsh.userKnownHostsFiles);
    expect(fromLibrary.globalKnownHostsFiles ?? fromSsh.globalKnownHostsFiles).toEqual(fromSsh.globalKnownHostsFiles);
  });

  it('reads the quoted paths with blanks as ssh -G does when the files exist', () => {
    const exists = (f: string) => ['/root/kh dir/known  hosts', '/srv/a b', '/etc/ssh/known hosts'].includes(f);
    const fromLibrary = sshConfigFromComputed(config.compute('spaced'), { ...captureMachine, host: 'spaced' });
    const fromSsh = parseSshConfigOutput(captured('spaced'), '/root', '/root', exists);
    expect(fromLibrary.userKnownHostsFiles).toEqual(fromSsh.userKnownHostsFiles);
    expect(fromLibrary.globalKnownHostsFiles).toEqual(fromSsh.globalKnownHostsFiles);
  });

  it('keeps a quoted path with a blank whole', () => {
    const c = sshConfigFromComputed(SSHConfig.parse('Host x\n  UserKnownHostsFile "/kh/a b" %d/c\n').compute('x'), { ...captureMachine, host: 'x' });
    expect(c.userKnownHostsFiles).toEqual(['/kh/a b', '/root/c']);
  });

  it('keeps a path with an unknown token as written (a file that is not there reads as empty)', () => {
    const c = sshConfigFromComputed({ UserKnownHostsFile: '/kh/%z' }, { ...captureMachine, host: 'x' });
    expect(c.userKnownHostsFiles).toEqual(['/kh/%z']);
  });
});

const node: NodeSpec = {
  name: 'p1', role: 'worker', address: 'p1.local', ssh: {}, services: [],
  serviceControl: { restart: 'r', isActive: 'a' }, servers: [],
};
const env = { HOME: '/home/me' };

describe('knownHostsFilesFor and trustTargetFile: per node, like OpenSSH plus the profile', () => {
  const settingsFrom = (output: string) => connectionSettings(node, parseSshConfigOutput(output, '/home/me', '/home/me'), 'me');
  it.each([
    {
      name: 'no ssh config at all: OpenSSH defaults under $HOME',
      own: [],
      settings: undefined,
      files: ['/home/me/.ssh/known_hosts', '/home/me/.ssh/known_hosts2', '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      target: '/home/me/.ssh/known_hosts',
    },
    {
      name: "the profile's own file first, then the node's lists",
      own: ['/lab/known_hosts'],
      settings: settingsFrom('userknownhostsfile /kh/p1 /kh/all\nglobalknownhostsfile /srv/global\n'),
      files: ['/lab/known_hosts', '/kh/p1', '/kh/all', '/srv/global'],
      target: '/lab/known_hosts',
    },
    {
      name: 'UserKnownHostsFile none: trust has nowhere to add without the profile',
      own: [],
      settings: settingsFrom('userknownhostsfile none\nglobalknownhostsfile none\n'),
      files: [],
      target: undefined,
    },
    {
      name: 'a file named twice is read once',
      own: ['/kh/p1'],
      settings: settingsFrom('userknownhostsfile /kh/p1\nglobalknownhostsfile /kh/p1 /srv/g\n'),
      files: ['/kh/p1', '/srv/g'],
      target: '/kh/p1',
    },
  ])('$name', ({ own, settings, files, target }) => {
    const profile = { knownHostsFiles: own };
    expect(knownHostsFilesFor(profile, settings, env)).toEqual(files);
    expect(trustTargetFile(profile, settings, env)).toBe(target);
  });
});
