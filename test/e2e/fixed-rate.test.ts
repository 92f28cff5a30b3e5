import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * `picon bench --rate N` on a real lab (127.0.57.x), and `picon lab stall`: against an app that
 * holds every response for 1 s in every 3 s, a closed loop's p99 stays low (it just sends less
 * while the app stalls) while the fixed-rate run's p99, counted from when each request was due,
 * shows the stall. Straight at p1's app: through HAProxy only a quarter of the requests would
 * reach p1, and nginx caches `/`.
 */

const SUBNET = '127.0.57';
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-fixed-rate-data-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const app = (): string => `http://${lab.node('p1').address}:9000/`;
const picon = (args: readonly string[], timeoutMs = 60_000): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, '--profile', 'lab', ...args], { env: { ...lab.env, PICON_DATA_DIR: dataDir }, timeoutMs });

async function bench(args: readonly string[]): Promise<RunRecord> {
  const r = await picon(['bench', '--url', app(), ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunRecord;
}

describe('bench --rate: bad values', () => {
  it.each([
    [['--rate', '0'], '--rate: 0 is not allowed; give a whole number of requests a second from 1 to 1000000'],
    [['--rate', '2.5'], '--rate: 2.5 is not allowed; give a whole number of requests a second from 1 to 1000000'],
    [['--rate', 'fast'], '--rate: fast is not allowed; give a whole number of requests a second from 1 to 1000000'],
    [['--rate', '100', '--engine', 'ab'], '--rate: ab cannot send at a fixed rate; use the built-in engine (--engine builtin)'],
    [['--rate', '10', '-n', '10000'], '-n 10000 at --rate 10 takes 1000 s, over the 300 s cap; give -d SECONDS or a higher rate'],
  ])('%j: one line, exit 2, nothing run', async (args, line) => {
    const r = await picon(['bench', '--url', app(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toBe(`picon: ${line}`);
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(dataDir, 'bench-history.jsonl'))).toBe(false);
  });

  it('a dry run says the rate', async () => {
    const r = await picon(['bench', '--url', app(), '--rate', '250', '-d', '4', '-c', '5', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`url → GET ${app()} (built-in engine, -c 5, 4 s, fixed rate 250/s); not run (--dry-run)\n`);
  });
});

describe('bench --rate on a healthy app', () => {
  it('achieves a modest rate, sends every scheduled request, and the history says it was a fixed-rate run', async () => {
    const r = await bench(['--rate', '300', '-d', '4', '-c', '6']);
    expect(r.plan.rate).toBe(300);
    expect(r.result.fixedRate?.targetPerSecond).toBe(300);
    expect(r.result.fixedRate?.scheduled).toBe(1200);
    expect(r.result.fixedRate?.sent).toBeGreaterThanOrEqual(1200 * 0.97);
    expect(r.result.requestsPerSecond).toBeGreaterThan(300 * 0.9);
    expect(r.result.requestsPerSecond).toBeLessThan(300 * 1.1);
    expect(r.result.latency.p999Ms).not.toBeNull();
    const saved = readFileSync(path.join(dataDir, 'bench-history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunRecord);
    expect(saved.at(-1)?.result.fixedRate).toEqual(r.result.fixedRate);
    const history = await picon(['bench', 'history']);
    expect(history.stdout).toMatch(/-c 6 at 300\/s/);
  });

  it('says how many scheduled requests were never sent when the rate is out of reach', async () => {
    const r = await picon(['bench', '--url', app(), '--rate', '500000', '-d', '2', '-c', '2']);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('  Fixed rate'));
    const m = /^ {2}Fixed rate {5}500000\/s asked, ([\d.]+)\/s achieved; (\d+) of 1000000 scheduled requests sent \((\d+) never sent: the connections could not keep up\)$/.exec(line ?? '');
    expect(m, r.stdout).not.toBeNull();
    const [achieved, sent, never] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    expect(sent + never).toBe(1_000_000);
    expect(achieved).toBeLessThan(500_000 * 0.5);
  });
});

describe('lab stall and the stall a closed loop hides', () => {
  it('a fixed-rate run\'s p99 shows the stall; the closed loop\'s, on the same app, does not', async () => {
    const stalled = await lab.lab(['stall', 'p1', '--every', '3s', '--for', '1s']);
    expect(stalled.code, stalled.stderr).toBe(0);
    expect(stalled.stdout).toBe('the app on p1 now holds every response for 1 s in every 3 s (`picon lab stall p1 --off` ends it)\n');
    await new Promise((r) => setTimeout(r, 500));
    const closed = await bench(['-c', '4', '-d', '7']);
    const fixed = await bench(['--rate', '400', '-c', '4', '-d', '7']);
    const [closedP99, fixedP99] = [closed.result.latency.p99Ms as number, fixed.result.latency.p99Ms as number];
    // Both saw the stalls: each has a response held most of a second...
    expect(closed.result.latency.maxMs).toBeGreaterThan(500);
    expect(fixed.result.latency.maxMs).toBeGreaterThan(500);
    // ...but only the schedule counts the requests that should have gone out during them.
    expect(fixedP99).toBeGreaterThan(400);
    expect(closedP99 * 4).toBeLessThan(fixedP99);
    // The app caught up after each stall: the run kept to its schedule overall. What was due
    // during a stall that overlaps the run's end (400/s × 1 s) is never sent, by design.
    expect(fixed.result.fixedRate?.scheduled).toBe(2800);
    expect(fixed.result.fixedRate?.sent).toBeGreaterThan(2800 - 400 - 2800 * 0.05);

    const off = await lab.lab(['stall', 'p1', '--off']);
    expect(off.stdout).toBe('the app on p1 answers at once again\n');
    await new Promise((r) => setTimeout(r, 500));
    const healthy = await bench(['--rate', '400', '-c', '4', '-d', '3']);
    expect(healthy.result.latency.p99Ms as number).toBeLessThan(fixedP99 / 4);
    console.log(`stalled p1: closed-loop p99 ${closedP99} ms (max ${closed.result.latency.maxMs}); --rate 400 p99 ${fixedP99} ms; after --off p99 ${healthy.result.latency.p99Ms} ms`);
  }, 90_000);

  it('refuses a node with no app, a bad duration, and --off with --every, each in one line', async () => {
    for (const [args, line] of [
      [['stall', 'head', '--every', '3s', '--for', '1s'], 'picon: no lab worker "head" with a web app to stall (workers: p1, p2, p3, pi3)'],
      [['stall', 'p1', '--every', '3s', '--for', '5s'], 'picon: --for: "5s" is not allowed; give a duration above 0 and shorter than --every (3s), such as 1s'],
      [['stall', 'p1', '--every', '3', '--for', '1s'], 'picon: --every: "3" is not allowed; give a duration from 100ms to 3600s, such as 3s'],
      [['stall', 'p1', '--off', '--every', '3s'], 'picon: lab stall: give --off, or --every and --for, not both'],
    ] as const) {
      const r = await lab.lab(args);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(line);
    }
  });
});
