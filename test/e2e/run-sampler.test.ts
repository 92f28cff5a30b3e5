import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * Every node sampled each second during `picon bench` on a real lab whose workers have Pi
 * sensors (`lab heat|cool`): a hot node flags the run, a node heated and cooled in the middle
 * of a run flags it with the time, a cool run is not flagged, and `bench compare` leaves the
 * flagged runs out unless --include-flagged.
 */

const SUBNET = '127.0.52';
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-sampler-data-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...lab.env, PICON_DATA_DIR: dataDir });
const picon = (args: readonly string[], timeoutMs = 60_000): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, '--profile', 'lab', ...args], { env: env(), timeoutMs });

async function bench(args: readonly string[]): Promise<RunRecord> {
  const r = await picon(['bench', 'home', '-c', '8', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunRecord;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the run sampler on the lab', () => {
  let cool: RunRecord;
  let hot: RunRecord;
  let heatedMidway: RunRecord;

  it('a cool lab: not flagged; every node sampled at least once a second, the head with HAProxy, picon with its CPU', { timeout: 60_000 }, async () => {
    cool = await bench(['-d', '4']);
    expect(cool.throttled).toBe(false);
    expect(cool.flags).toEqual([]);
    const samples = cool.samples;
    if (samples?.nodes === undefined) throw new Error('no samples kept');
    expect(samples.kept).toBe('series');
    expect(samples.nodes.map((n) => n.node).sort()).toEqual(['head', 'p1', 'p2', 'p3', 'pi3']);
    for (const n of samples.nodes) {
      // Before the run, each second of the 4 s, after it.
      expect(n.t.length).toBeGreaterThanOrEqual(5);
      // Asked every second; on a loaded machine a node may miss one, and the record says so.
      // The baseline is taken before the engine starts (t < 0); from the start on, one each second.
      const during = n.t.filter((t) => t >= 0);
      expect(during.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < during.length; i++) expect((during[i] as number) - (during[i - 1] as number), `${n.node} asked at ${n.t.join(', ')} s`).toBeLessThanOrEqual(1.6);
      const read = n.t.filter((_, i) => n.missed.every((m) => m.t !== n.t[i]));
      expect(read.length).toBeGreaterThanOrEqual(Math.ceil(n.t.length * 0.75));
      expect(n.cpu.some((c) => c !== null && c > 0)).toBe(true);
    }
    const pi3 = samples.nodes.find((n) => n.node === 'pi3');
    expect(pi3?.clockMaxMhz).toBe(1200);
    expect(pi3?.tempC?.every((t) => t === null || (t > 40 && t < 70))).toBe(true);
    expect(pi3?.throttle?.every((b) => b === null || b === 0)).toBe(true);
    const head = samples.nodes.find((n) => n.node === 'head');
    expect(head?.haproxyIdle?.some((i) => i !== null && i < 100)).toBe(true);
    expect(head?.threads).toBeGreaterThanOrEqual(1);
    expect(head?.bytesOut?.some((b) => b !== null && b > 0)).toBe(true);
    expect(head).not.toHaveProperty('tempC');
    expect(samples.summary.generator?.place).toEqual({ kind: 'picon' });
    expect(samples.summary.generator?.cpu?.max).toBeGreaterThan(0);
  });

  it('pi3 already hot before and after: flagged, naming pi3, throttled now and its clock capped, from the start', { timeout: 60_000 }, async () => {
    expect((await lab.lab(['heat', 'pi3'])).code).toBe(0);
    try {
      hot = await bench(['-d', '3']);
    } finally {
      expect((await lab.lab(['cool', 'pi3'])).code).toBe(0);
    }
    expect(hot.throttled).toBe(true);
    const flags = hot.flags ?? [];
    expect(flags.map((f) => [f.node, f.kind])).toEqual([['pi3', 'throttled-now'], ['pi3', 'clock-capped']]);
    expect(flags[0]?.what).toEqual(['ARM frequency capped', 'throttled', 'soft temperature limit']);
    expect(flags[1]?.what).toEqual(['600 of 1200 MHz']);
    expect(flags[0]?.fromS).toBe(0);
    expect(flags[0]?.toS).toBeGreaterThanOrEqual(3);
    const text = await picon(['bench', 'history']);
    expect(text.stdout.split('\n').find((l) => l.startsWith(hot.id))).toMatch(/⚠ flagged \(pi3 throttled, pi3 clock capped\)$/);
  });

  it('p2 heated for a few seconds in the middle of a run and cooled before its end: flagged, with when', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', 'bench', 'home', '-c', '8', '-d', '9'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The run starts after its first samples: heat at about 3 s into it, cool at about 6 s.
    await sleep(3_500);
    expect((await lab.lab(['heat', 'p2'])).code).toBe(0);
    await sleep(3_000);
    expect((await lab.lab(['cool', 'p2'])).code).toBe(0);
    expect(await done).toBe(0);
    const line = stdout.split('\n').find((l) => l.startsWith('⚠ flagged: '));
    expect(line).toMatch(/^⚠ flagged: p2: throttled now \(ARM frequency capped, throttled, soft temperature limit\) at [\d.]+–[\d.]+ s, throttled since the run began \(.*\) at [\d.]+–[\d.]+ s, clock 600 of 1000 MHz at [\d.]+–[\d.]+ s — these figures understate the hardware$/);
    const history = await picon(['bench', 'history', '--json']);
    heatedMidway = (JSON.parse(history.stdout) as RunRecord[]).at(-1) as RunRecord;
    const now = heatedMidway.flags?.find((f) => f.kind === 'throttled-now');
    const since = heatedMidway.flags?.find((f) => f.kind === 'throttled-since-start');
    // Heated after the run began, cooled before it ended.
    expect(now?.node).toBe('p2');
    expect(now?.fromS).toBeGreaterThan(0.5);
    expect(now?.toS).toBeLessThan(8.5);
    expect(since?.fromS).toBe(now?.fromS);
    expect(since?.toS).toBeGreaterThanOrEqual(8.5);
    expect(heatedMidway.flags?.every((f) => f.node === 'p2')).toBe(true);
  });

  it('bench compare leaves the flagged runs out and says so in one line; --include-flagged shows them', async () => {
    const left = await picon(['bench', 'compare', cool.id, hot.id, heatedMidway.id]);
    expect(left.code).toBe(0);
    const lines = left.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Metric\s+Cluster$/);
    expect(lines.at(-1)).toBe('2 flagged runs left out (pi3 throttled, pi3 clock capped, p2 throttled, p2 clock capped); --include-flagged to show them');
    const all = await picon(['bench', 'compare', cool.id, hot.id, heatedMidway.id, '--include-flagged']);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(/^Metric\s+Cluster \[\S+\]\s+Cluster \[\S+\] ⚠\s+Cluster \[\S+\] ⚠$/);
    expect(all.stdout).not.toContain('left out');
    const json = JSON.parse((await picon(['bench', 'compare', cool.id, hot.id, '--json'])).stdout) as { runs: { id: string }[]; leftOut: { id: string; flags: string[] }[] };
    expect(json.runs.map((r) => r.id)).toEqual([cool.id]);
    expect(json.leftOut.map((r) => r.id)).toEqual([hot.id]);
    expect(json.leftOut[0]?.flags[0]).toMatch(/^pi3: throttled now/);
  });

  it('ab on the head: its own CPU sampled from its process there', { timeout: 60_000 }, async () => {
    const ab = await bench(['-d', '3', '--engine', 'ab', '--from', 'head']);
    const generator = ab.samples?.summary.generator;
    expect(generator?.place).toEqual({ kind: 'node', node: 'head' });
    expect(generator?.cpu?.max).toBeGreaterThan(0);
  });

  it('a frozen node is sampled as missed, with why, and neither stalls the run nor the other nodes', { timeout: 90_000 }, async () => {
    expect((await lab.lab(['freeze', 'p3'])).code).toBe(0);
    let record: RunRecord;
    const began = Date.now();
    try {
      record = await bench(['-d', '4']);
    } finally {
      expect((await lab.lab(['start', 'p3'])).code).toBe(0);
    }
    // The run itself, its samples before and after: the freeze costs one sample's timeout, not more.
    expect(Date.now() - began).toBeLessThan(20_000);
    const p3 = record.samples?.nodes?.find((n) => n.node === 'p3');
    expect(p3?.missed.length).toBe(p3?.t.length);
    expect(p3?.missed[0]?.reason).toMatch(/p3/);
    const p1 = record.samples?.nodes?.find((n) => n.node === 'p1');
    expect(p1?.missed).toEqual([]);
    expect(p1?.t.length).toBeGreaterThanOrEqual(5);
  });
});
