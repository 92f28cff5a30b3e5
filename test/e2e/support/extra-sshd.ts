import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { sshdConfigText } from '../../../src/adapters/lab/sshd-config.js';
import { eventually, portOpen, type LabStatus } from './lab.js';

/**
 * A second OpenSSH sshd on a lab node's address, built like the lab's own (same host key, same
 * authorized client key, same user) but on another port and with some feature switched off, as
 * on a minimal or Dropbear-like node. Stop it (by its pid) before the lab goes down.
 *
 *   const sshd = await startExtraSshd({ lab: lab.status, node: 'head', port: 2201, streamLocalForwarding: false });
 *   const profilePath = await sshd.writeProfile();
 *   await sshd.stop();
 */

export const SSHD = '/usr/sbin/sshd';

export interface ExtraSshdOptions {
  readonly lab: LabStatus;
  readonly node: string;
  readonly port: number;
  /** AllowStreamLocalForwarding (default true). */
  readonly streamLocalForwarding?: boolean;
  /** A `Subsystem sftp` line (default true). */
  readonly sftp?: boolean;
  /** More sshd_config lines, e.g. `SetEnv HOME=/tmp/x` for sessions with a clean login shell. */
  readonly extraConfig?: readonly string[];
}

export interface ExtraSshd {
  readonly pid: number;
  readonly address: string;
  readonly port: number;
  /** The lab's known_hosts plus this sshd's `[address]:port` line. */
  readonly knownHosts: string;
  /** A copy of the lab profile where `node` is reached through this sshd; returns its path. */
  writeProfile(): Promise<string>;
  /** SIGTERM to its pid, wait until it is gone, remove its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export function extraSshdConfig(options: ExtraSshdOptions & { address: string; hostKey: string; dir: string }): string {
  return sshdConfigText({
    title: `picon e2e: a second sshd for ${options.node}`,
    listen: `${options.address}:${options.port}`,
    hostKey: options.hostKey,
    pidFile: path.join(options.dir, 'sshd.pid'),
    authorizedKeys: `${options.lab.identityFile}.pub`,
    user: options.lab.user,
    ...(options.streamLocalForwarding !== undefined && { streamLocalForwarding: options.streamLocalForwarding }),
    ...(options.sftp !== undefined && { sftp: options.sftp }),
    ...(options.extraConfig !== undefined && { extra: options.extraConfig }),
  });
}

export async function startExtraSshd(options: ExtraSshdOptions): Promise<ExtraSshd> {
  const node = options.lab.nodes.find((n) => n.name === options.node);
  if (node === undefined) throw new Error(`no lab node ${options.node}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), `picon-sshd-${options.node}-`));
  const hostKey = path.join(options.lab.dir, node.name, 'ssh_host_ed25519_key');
  const config = path.join(dir, 'sshd_config');
  await writeFile(config, extraSshdConfig({ ...options, address: node.address, hostKey, dir }), { mode: 0o600 });

  const knownHosts = await writeKnownHostsWith(options.lab, dir, [{ address: node.address, port: options.port, publicKeyFile: `${hostKey}.pub` }]);
  // -D: stays in the foreground, so the pid we hold is sshd's own; -e: errors to stderr.
  const { pid, stop } = await startListening(SSHD, ['-D', '-e', '-f', config], { address: node.address, port: options.port, what: 'sshd' }, dir);

  return {
    pid,
    address: node.address,
    port: options.port,
    knownHosts,
    stop,
    writeProfile: () => writeProfileThrough(options.lab, { [options.node]: { port: options.port } }, knownHosts, dir),
  };
}

/**
 * A copy of the lab profile where each node named in `through` is reached on that port (as that
 * user), with `knownHosts` as the profile's file; written into `dir`, returns its path.
 */
export async function writeProfileThrough(
  lab: LabStatus,
  through: Readonly<Record<string, { readonly port: number; readonly user?: string }>>,
  knownHosts: string,
  dir: string,
  name = 'profile.yaml',
): Promise<string> {
  const data = parse(await readFile(lab.profile, 'utf8')) as {
    knownHosts?: string;
    head: { name: string; ssh?: Record<string, unknown> };
    workers: { name: string; ssh?: Record<string, unknown> }[];
  };
  data.knownHosts = knownHosts;
  for (const [node, ssh] of Object.entries(through)) {
    const target = data.head.name === node ? data.head : data.workers.find((w) => w.name === node);
    if (target === undefined) throw new Error(`the lab profile has no node ${node}`);
    target.ssh = { ...target.ssh, ...ssh };
  }
  const file = path.join(dir, name);
  await writeFile(file, stringify(data), { mode: 0o600 });
  return file;
}

/** The lab's known_hosts plus a `[address]:port` line per extra server, written into `dir`. */
export async function writeKnownHostsWith(
  lab: LabStatus,
  dir: string,
  servers: readonly { readonly address: string; readonly port: number; readonly publicKeyFile: string }[],
): Promise<string> {
  const lines: string[] = [];
  for (const s of servers) {
    const [type, blob] = (await readFile(s.publicKeyFile, 'utf8')).trim().split(/\s+/);
    lines.push(`[${s.address}]:${s.port} ${type ?? ''} ${blob ?? ''}`);
  }
  const file = path.join(dir, 'known_hosts');
  await writeFile(file, `${(await readFile(lab.knownHosts, 'utf8')).trimEnd()}\n${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/**
 * Starts a server that stays in the foreground (its pid is the one we hold) and waits until it
 * listens on address:port. stop() sends SIGTERM, waits until it is gone and removes `dir`; safe
 * to call twice.
 */
export async function startListening(
  program: string,
  args: readonly string[],
  at: { readonly address: string; readonly port: number; readonly what: string },
  dir: string,
): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${program} did not start: ${stderr}`);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Our own child: until Node has reaped it (exitCode or signalCode set) its pid is still its own.
    const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
    if (!exited()) child.kill('SIGTERM');
    await eventually(`${at.what} ${pid} gone`, exited, 10_000, 50);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(`${at.what} on ${at.address}:${at.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`${at.what} exited ${child.exitCode}: ${stderr.trim()}`);
      return portOpen(at.address, at.port, 500);
    }, 10_000, 50);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid, stop };
}
