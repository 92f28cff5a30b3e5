import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabStatus } from '../../../src/adapters/lab/lab-status.js';
import { readProfileFile } from '../../../src/adapters/profile/read-profile-file.js';
import type { Profile } from '../../../src/core/profile/profile.js';

/**
 * The e2e harness: a real lab started with the built binary (bin/picon) in a temp dir, with a
 * temp PICON_CONFIG_DIR so no user settings are touched. Each test file uses its own subnet
 * (127.0.K) so files can run in parallel. dist/ must be built (`npx tsc -p tsconfig.build.json`).
 *
 *   const lab = await startLab({ subnet: '127.0.5' });
 *   await lab.picon(['--profile', 'lab', 'status']);
 *   await lab.stop();
 */

export type { LabStatus };

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const PICON_BIN = path.join(REPO_ROOT, 'bin', 'picon');

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface LabHandle {
  readonly dir: string;
  readonly profilePath: string;
  /** The temp PICON_CONFIG_DIR where the lab registered profile `lab`. */
  readonly configDir: string;
  /** `lab status --json` as printed by `lab up`. */
  readonly status: LabStatus;
  /** Env to run bin/picon with (PICON_CONFIG_DIR, PICON_LAB_DIR set). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs bin/picon with args (add `--profile lab` yourself); a non-zero exit is data. */
  picon(args: readonly string[], options?: { timeoutMs?: number; stdin?: string }): Promise<RunResult>;
  /** `picon lab ARGS --dir DIR`. */
  lab(args: readonly string[], options?: { timeoutMs?: number }): Promise<RunResult>;
  /** Fresh `lab status --json`. */
  refresh(): Promise<LabStatus>;
  /** The system ssh client with the lab key and strict host-key checking. */
  ssh(node: string, command: string, options?: { timeoutMs?: number; connectTimeoutS?: number }): Promise<RunResult>;
  node(name: string): LabStatus['nodes'][number];
  /** `lab down` and removal of the temp dirs; safe to call twice. */
  stop(): Promise<void>;
}

export function run(program: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A program that exits at once (ssh to a killed node) may close its stdin first: EPIPE is no test failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

export function sshArgs(status: LabStatus, address: string, connectTimeoutS = 5): string[] {
  return [
    '-i', status.identityFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${status.knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', `ConnectTimeout=${connectTimeoutS}`,
    '-p', '2222', '-l', status.user, address,
  ];
}

export async function startLab(opts: { subnet: string; workers?: number; metrics?: 'prometheus' }): Promise<LabHandle> {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is not built: run `npx tsc -p tsconfig.build.json` (npm test does) before the e2e tests');
  }
  const base = await mkdtemp(path.join(os.tmpdir(), 'picon-e2e-'));
  const dir = path.join(base, 'lab');
  const configDir = path.join(base, 'config');
  const env: NodeJS.ProcessEnv = { ...process.env, PICON_CONFIG_DIR: configDir, PICON_LAB_DIR: dir };
  const picon: LabHandle['picon'] = (args, options) => run(process.execPath, [PICON_BIN, ...args], { env, ...options });
  const lab: LabHandle['lab'] = (args, options) => picon(['lab', ...args, '--dir', dir], options);
  const up = await lab(['up', '--subnet', opts.subnet, ...(opts.workers !== undefined ? ['--workers', String(opts.workers)] : []), ...(opts.metrics !== undefined ? ['--metrics', opts.metrics] : []), '--json'], { timeoutMs: 180_000 });
  if (up.code !== 0) {
    await lab(['down']);
    await rm(base, { recursive: true, force: true });
    throw new Error(`picon lab up failed (exit ${up.code}): ${up.stderr.trim()}`);
  }
  const status = JSON.parse(up.stdout) as LabStatus;
  let stopped = false;
  const handle: LabHandle = {
    dir,
    profilePath: status.profile,
    configDir,
    status,
    env,
    picon,
    lab,
    refresh: async () => {
      const r = await lab(['status', '--json']);
      return JSON.parse(r.stdout) as LabStatus;
    },
    ssh: (node, command, options) => {
      const address = handle.node(node).address;
      return run('ssh', [...sshArgs(status, address, options?.connectTimeoutS), command], { env, timeoutMs: options?.timeoutMs ?? 20_000 });
    },
    node: (name) => {
      const found = status.nodes.find((n) => n.name === name);
      if (found === undefined) throw new Error(`no lab node ${name}`);
      return found;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await lab(['down']);
      await rm(base, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Every pid the lab status names. */
export function labPids(status: LabStatus): number[] {
  const pids = status.nodes.flatMap((n) => n.services.map((s) => s.pid)).filter((p): p is number => p !== null);
  return status.keeper.pid !== null ? [...pids, status.keeper.pid] : pids;
}

/** True when pid is no process, or only a zombie. */
export function pidGone(pid: number): boolean {
  try {
    return /\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export interface HttpResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One GET on a fresh connection (no keep-alive), so HAProxy balances every request. */
export function httpGet(url: string, timeoutMs = 5000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Polls check until true; throws with what after timeoutMs. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** One runtime-API command on the lab head's admin socket via socat, as an operator would; its reply. */
export function haproxyAdmin(status: LabStatus, command: string): Promise<string> {
  return new Promise<string>((resolve) =>
    execFile('socat', ['-', `UNIX-CONNECT:${status.adminSocket}`], { timeout: 5000 }, (_e, out) => resolve(out)).stdin?.end(`${command}\n`),
  );
}

/** HAProxy's `show stat` through the admin socket via socat, as an operator would. */
export async function haproxyServerStatus(status: LabStatus): Promise<Record<string, string>> {
  const r = await haproxyAdmin(status, 'show stat');
  const lines = r.split('\n');
  const cols = (lines[0] ?? '').replace(/^# /, '').split(',');
  const [sv, st, px] = [cols.indexOf('svname'), cols.indexOf('status'), cols.indexOf('pxname')];
  const out: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    if (c[px] === 'web' && c[sv] !== 'BACKEND' && c[sv] !== undefined) out[c[sv] as string] = c[st] ?? '';
  }
  return out;
}

/** A profile file read as picon reads it (relative paths from the repo root); throws on errors. */
export async function profileAt(file: string): Promise<Profile> {
  const read = await readProfileFile(file, { cwd: REPO_ROOT, homeDir: os.homedir() });
  if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
  return read.profile;
}

/** Waits until HAProxy, asked on its own socket, has every lab server UP. */
export async function allServersUp(status: LabStatus): Promise<void> {
  await eventually('every lab server UP', async () => {
    const servers = Object.values(await haproxyServerStatus(status));
    return servers.length > 1 && servers.every((s) => s === 'UP');
  });
}
