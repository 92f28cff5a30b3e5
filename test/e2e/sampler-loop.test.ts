import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { eventually, PICON_BIN, pidGone, startLab, type LabHandle } from './support/lab.js';

/**
 * The run sampler's loops (one per node, src/core/loadtest/sample-loop.ts) live exactly as long as
 * their run (lab on 127.0.68): during a run each node has one; none is left after a normal end,
 * after picon is killed with SIGKILL mid-run, or after the sshd serving a node's loop dies mid-run
 * (that node's samples then have a gap with why, the run ends normally).
 */

const SUBNET = '127.0.68';
const NODES = ['head', 'p1', 'p2', 'p3', 'pi3'];
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-sampler-loop-'));
}, 180_000);
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const LOOP_START = 'sh\0-c\0while IFS=: read -r seq v svc ab; do';

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** This lab's sampling loops: node → the loops' pids (and the sshd process each runs under). */
function loops(): Map<string, { pid: number; sshd: number }[]> {
  const listeners = new Map(NODES.map((n) => [lab.node(n).services.find((s) => s.name === 'sshd')?.pid ?? -1, n]));
  const found = new Map<string, { pid: number; sshd: number }[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      continue;
    }
    if (!cmdline.startsWith(LOOP_START) || pidGone(pid)) continue;
    const sshd = parentOf(pid) ?? -1;
    // Up the tree to the node's listening sshd.
    for (let p: number | undefined = sshd, depth = 0; p !== undefined && p > 1 && depth < 8; p = parentOf(p), depth++) {
      const node = listeners.get(p);
      if (node !== undefined) found.set(node, [...(found.get(node) ?? []), { pid, sshd }]);
    }
  }
  return found;
}

const env = (): NodeJS.ProcessEnv => ({ ...lab.env, PICON_DATA_DIR: dataDir });

function bench(seconds: number): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> } {
  const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', 'bench', 'home', '-c', '4', '-d', String(seconds), '--json'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  return { child, exited };
}

/** Waits until every node has its one loop. */
const allLooping = (): Promise<Map<string, { pid: number; sshd: number }[]>> =>
  eventually('a sampling loop on every node', () => {
    const now = loops();
    return NODES.every((n) => now.get(n)?.length === 1) ? now : undefined;
  }, 20_000, 100);

describe('the sampling loops on the lab', () => {
  it('one loop per node during a run, none after it ends normally', { timeout: 60_000 }, async () => {
    expect(loops().size).toBe(0);
    const run = bench(4);
    const during = await allLooping();
    expect([...during.keys()].sort()).toEqual([...NODES].sort());
    const { code, stdout } = await run.exited;
    expect(code).toBe(0);
    const record = JSON.parse(stdout) as RunRecord;
    for (const n of record.samples?.nodes ?? []) expect(n.t.length - n.missed.length, n.node).toBeGreaterThanOrEqual(5);
    // The loops end with the run: stdin closed, nothing left on any node.
    await eventually('no loop left', () => loops().size === 0, 3_000);
    for (const [, list] of during) for (const l of list) expect(pidGone(l.pid)).toBe(true);
  });

  it('picon killed with SIGKILL mid-run: every node\'s loop ends by itself', { timeout: 60_000 }, async () => {
    const run = bench(20);
    const during = await allLooping();
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    await eventually('no loop left after picon died', () => loops().size === 0, 5_000);
    for (const [, list] of during) for (const l of list) expect(pidGone(l.pid)).toBe(true);
  });

  it('the sshd serving p2\'s loop killed mid-run: its loop ends, p2\'s samples have a gap with why, the run ends normally and leaves no loop', { timeout: 60_000 }, async () => {
    const run = bench(6);
    const during = await allLooping();
    const p2 = during.get('p2')?.[0];
    if (p2 === undefined) throw new Error('no loop on p2');
    await new Promise((r) => setTimeout(r, 1_500));
    // The session process (sshd: user@notty) and the privileged monitor above it: the connection's sshd, all of it.
    const monitor = parentOf(p2.sshd);
    process.kill(p2.sshd, 'SIGKILL');
    if (monitor !== undefined && monitor !== lab.node('p2').services.find((s) => s.name === 'sshd')?.pid) process.kill(monitor, 'SIGKILL');
    await eventually('p2\'s loop ended with its sshd', () => pidGone(p2.pid), 3_000);
    const { code, stdout } = await run.exited;
    expect(code).toBe(0);
    const record = JSON.parse(stdout) as RunRecord;
    const samples = record.samples?.nodes ?? [];
    const p2samples = samples.find((n) => n.node === 'p2');
    expect(p2samples?.missed.length).toBeGreaterThanOrEqual(1);
    expect(p2samples?.missed.every((m) => /p2/.test(m.reason) || /had not answered yet|no answer to the previous sample/.test(m.reason))).toBe(true);
    // The others were sampled all along.
    for (const n of samples.filter((s) => s.node !== 'p2')) expect(n.missed, n.node).toEqual([]);
    await eventually('no loop left', () => loops().size === 0, 3_000);
  });
});
