import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startListening, writeKnownHostsWith, writeProfileThrough } from './extra-sshd.js';
import type { LabStatus } from './lab.js';

/**
 * A real Dropbear sshd (Debian's dropbear-bin) on lab nodes' addresses, as on small images:
 * one process per node, own ed25519 host key, the lab's client key accepted. Dropbear reads
 * authorized_keys only from the login user's home in /etc/passwd, so it runs in a private mount
 * namespace where a temp dir is bind-mounted over that home (the real one is never touched, and
 * the sessions start with an empty home). Root uses a plain mount namespace; another user first
 * becomes root of a new user namespace to mount, then maps back to its own uid for Dropbear.
 *
 *   const dropbear = await startDropbear({ lab: lab.status, nodes: ['head', 'p1'], port: 2202 });
 *   const profile = await dropbear.writeProfile(); // head and p1 through Dropbear
 *   await dropbear.stop();
 */

export const DROPBEAR = '/usr/sbin/dropbear';
export const DROPBEARKEY = '/usr/bin/dropbearkey';

export interface DropbearOptions {
  readonly lab: LabStatus;
  readonly nodes: readonly string[];
  readonly port: number;
}

export interface Dropbear {
  readonly port: number;
  /** Dropbear's pid per node. */
  readonly pids: Readonly<Record<string, number>>;
  /** The lab's known_hosts plus each Dropbear's `[address]:port` line. */
  readonly knownHosts: string;
  /** The SHA256 fingerprint Dropbear printed for each node's host key. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** The directory the helper owns (host keys, the home, the profile). */
  readonly dir: string;
  /** A copy of the lab profile where those nodes are reached through Dropbear; returns its path. */
  writeProfile(): Promise<string>;
  /** SIGTERM to each pid, wait until they are gone, remove the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const exec = promisify(execFile);

export async function startDropbear(options: DropbearOptions): Promise<Dropbear> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'picon-dropbear-'));
  const home = path.join(dir, 'home');
  await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  await writeFile(path.join(home, '.ssh', 'authorized_keys'), await readFile(`${options.lab.identityFile}.pub`, 'utf8'), { mode: 0o600 });
  const realHome = os.userInfo().homedir;
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const namespace = uid === 0 ? ['--mount'] : ['--user', '--map-root-user', '--mount'];
  const asUser = uid === 0 ? [] : ['unshare', '--user', `--map-user=${uid}`, `--map-group=${gid}`, '--'];

  const pids: Record<string, number> = {};
  const fingerprints: Record<string, string> = {};
  const stops: (() => Promise<void>)[] = [];
  const servers: { address: string; port: number; publicKeyFile: string }[] = [];
  // Each stop removes dir too (harmless twice): the keys are loaded by then.
  const stop = async (): Promise<void> => {
    for (const s of stops) await s();
  };

  try {
    for (const name of options.nodes) {
      const node = options.lab.nodes.find((n) => n.name === name);
      if (node === undefined) throw new Error(`no lab node ${name}`);
      const hostKey = path.join(dir, `${name}_ed25519_host_key`);
      await exec(DROPBEARKEY, ['-t', 'ed25519', '-f', hostKey]);
      const { stdout } = await exec(DROPBEARKEY, ['-y', '-f', hostKey]);
      const publicKey = stdout.split('\n').find((l) => l.startsWith('ssh-ed25519 '));
      const fingerprint = /SHA256:\S+/.exec(stdout)?.[0];
      if (publicKey === undefined || fingerprint === undefined) throw new Error(`${DROPBEARKEY} -y printed no key: ${stdout}`);
      await writeFile(`${hostKey}.pub`, `${publicKey}\n`);
      servers.push({ address: node.address, port: options.port, publicKeyFile: `${hostKey}.pub` });
      fingerprints[name] = fingerprint;

      // -F foreground (the pid is Dropbear's: unshare and sh exec it), -E log to stderr, -s no passwords.
      const script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"';
      const dropbear = await startListening(
        'unshare',
        [...namespace, '--propagation', 'private', '--', 'sh', '-c', script, 'sh', home, realHome, ...asUser, DROPBEAR, '-F', '-E', '-s', '-p', `${node.address}:${options.port}`, '-r', hostKey, '-P', path.join(dir, `${name}.pid`)],
        { address: node.address, port: options.port, what: `dropbear for ${name}` },
        dir,
      );
      stops.push(dropbear.stop);
      pids[name] = dropbear.pid;
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const knownHosts = await writeKnownHostsWith(options.lab, dir, servers);
  return {
    port: options.port,
    pids,
    knownHosts,
    fingerprints,
    dir,
    stop,
    writeProfile: () => writeProfileThrough(options.lab, Object.fromEntries(options.nodes.map((n) => [n, { port: options.port }])), knownHosts, dir),
  };
}
