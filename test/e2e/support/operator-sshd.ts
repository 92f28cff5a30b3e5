import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sshdConfigText } from '../../../src/adapters/lab/sshd-config.js';
import { SSHD, startListening, writeKnownHostsWith, writeProfileThrough } from './extra-sshd.js';
import type { LabStatus } from './lab.js';

/**
 * A second OpenSSH sshd on a lab node's address that lets in ordinary operator accounts, as on a
 * real head where picon logs in as `pi` and HAProxy's admin socket belongs to root. The accounts
 * exist only inside a private mount namespace: copies of /etc/passwd, /etc/group, /etc/shadow and
 * /etc/sudoers with the extra users are bind-mounted over the real ones there, so sshd and the
 * sudo its sessions run see them, and the machine itself is never changed. Needs root (the mount
 * namespace, and sshd switching to those users): run as root, or as a user with passwordless
 * `sudo -n`, through which the few root steps then go. The accounts may run their commands as
 * root or as the lab's owner (a lab started by an ordinary user is that user's).
 *
 *   const sshd = await startOperatorSshd({ lab: lab.status, node: 'head', port: 2203,
 *     users: [{ name: 'picon-op', sudo: ['/usr/bin/socat'] }, { name: 'picon-nosudo', sudo: [] }] });
 *   const profile = await sshd.writeProfile('picon-op');
 *   await sshd.stop();
 */

export interface OperatorAccount {
  readonly name: string;
  /** Commands this user may run as root with `sudo -n` (NOPASSWD); empty: none. */
  readonly sudo: readonly string[];
}

export interface OperatorSshdOptions {
  readonly lab: LabStatus;
  readonly node: string;
  readonly port: number;
  readonly users: readonly OperatorAccount[];
}

export interface OperatorSshd {
  readonly pid: number;
  readonly knownHosts: string;
  /** A copy of the lab profile where `node` is reached through this sshd as `user`; returns its path. */
  writeProfile(user: string): Promise<string>;
  /** SIGTERM to its pid, wait until it is gone, remove its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** The first free uid at or above 61000 (Debian leaves 60000–64999 to the local admin's dynamic users). */
function freeIds(passwd: string, group: string, count: number): number[] {
  const taken = new Set([...passwd.split('\n'), ...group.split('\n')].map((l) => Number(l.split(':')[2])));
  const ids: number[] = [];
  for (let id = 61000; ids.length < count; id++) if (!taken.has(id)) ids.push(id);
  return ids;
}

const exec = promisify(execFile);
const isRoot = process.getuid?.() === 0;
/** A root step: directly as root, else through passwordless sudo. */
const asRoot = (program: string, args: readonly string[]): [string, string[]] => (isRoot ? [program, [...args]] : ['sudo', ['-n', program, ...args]]);
const rootRun = async (program: string, args: readonly string[]): Promise<string> => (await exec(...asRoot(program, args))).stdout;

export async function startOperatorSshd(options: OperatorSshdOptions): Promise<OperatorSshd> {
  if (!isRoot && !(await exec('sudo', ['-n', 'true']).then(() => true, () => false))) {
    throw new Error('the operator-account test needs root or passwordless sudo: it starts sshd in a mount namespace with its own /etc/passwd and /etc/sudoers');
  }
  const owner = os.userInfo().username;
  const node = options.lab.nodes.find((n) => n.name === options.node);
  if (node === undefined) throw new Error(`no lab node ${options.node}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), `picon-operator-${options.node}-`));
  // The accounts read their authorized key and home under it.
  await chmod(dir, 0o755);

  const [passwd, group, shadow] = await Promise.all([readFile('/etc/passwd', 'utf8'), readFile('/etc/group', 'utf8'), rootRun('cat', ['/etc/shadow'])]);
  const ids = freeIds(passwd ?? '', group ?? '', options.users.length);
  const accounts = options.users.map((u, i) => ({ ...u, id: ids[i] ?? 0, home: path.join(dir, 'home', u.name) }));
  for (const a of accounts) {
    await mkdir(a.home, { recursive: true, mode: 0o755 });
    if (isRoot) await chown(a.home, a.id, a.id);
    else await rootRun('chown', [`${a.id}:${a.id}`, a.home]);
  }
  const etc = path.join(dir, 'etc');
  await mkdir(etc, { mode: 0o755 });
  const files = {
    passwd: `${(passwd ?? '').trimEnd()}\n${accounts.map((a) => `${a.name}:x:${a.id}:${a.id}:picon e2e operator:${a.home}:/bin/sh`).join('\n')}\n`,
    group: `${(group ?? '').trimEnd()}\n${accounts.map((a) => `${a.name}:x:${a.id}:`).join('\n')}\n`,
    // '*': no password, but not locked (sshd refuses key logins to a locked '!' account).
    shadow: `${(shadow ?? '').trimEnd()}\n${accounts.map((a) => `${a.name}:*:19000:0:99999:7:::`).join('\n')}\n`,
    sudoers: [
      'Defaults env_reset',
      'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
      'root ALL=(ALL:ALL) ALL',
      ...accounts.filter((a) => a.sudo.length > 0).map((a) => `${a.name} ALL=(${[...new Set(['root', owner])].join(', ')}) NOPASSWD: ${a.sudo.join(', ')}`),
      '',
    ].join('\n'),
  };
  await writeFile(path.join(etc, 'passwd'), files.passwd, { mode: 0o644 });
  await writeFile(path.join(etc, 'group'), files.group, { mode: 0o644 });
  await writeFile(path.join(etc, 'shadow'), files.shadow, { mode: 0o600 });
  await writeFile(path.join(etc, 'sudoers'), files.sudoers, { mode: 0o440 });
  // sudo reads a sudoers file only if root owns it.
  if (!isRoot) await rootRun('chown', ['root:root', path.join(etc, 'sudoers')]);

  const authorized = path.join(dir, 'authorized_keys');
  await writeFile(authorized, await readFile(`${options.lab.identityFile}.pub`, 'utf8'), { mode: 0o644 });
  const hostKey = path.join(options.lab.dir, node.name, 'ssh_host_ed25519_key');
  const knownHosts = await writeKnownHostsWith(options.lab, dir, [{ address: node.address, port: options.port, publicKeyFile: `${hostKey}.pub` }]);

  const config = path.join(dir, 'sshd_config');
  await writeFile(
    config,
    sshdConfigText({
      title: `picon e2e: operator accounts on ${node.name}`,
      listen: `${node.address}:${options.port}`,
      hostKey,
      pidFile: path.join(dir, 'sshd.pid'),
      authorizedKeys: authorized,
      user: accounts.map((a) => a.name).join(' '),
    }),
    { mode: 0o600 },
  );

  // The mounts live only in this namespace; -D keeps sshd in the foreground so the pid is its own.
  // The copies' directory reaches the shell as "$1", never inside the script's text.
  const script = 'for f in passwd group shadow sudoers; do mount --bind "$1/$f" "/etc/$f" || exit 1; done; shift; exec "$@"';
  // Through sudo the pid is sudo's, which passes SIGTERM on to sshd.
  const { pid, stop: stopListening } = await startListening(
    ...asRoot('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', etc, SSHD, '-D', '-e', '-f', config]),
    { address: node.address, port: options.port, what: 'operator sshd' },
    dir,
  );
  const stop = async (): Promise<void> => {
    await stopListening().catch(() => undefined);
    // What root made in there (the homes) may be left for root to remove.
    if (!isRoot) await rootRun('rm', ['-rf', '--', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  return {
    pid,
    knownHosts,
    stop,
    writeProfile: (user) => writeProfileThrough(options.lab, { [options.node]: { port: options.port, user } }, knownHosts, dir, `profile-${user}.yaml`),
  };
}
