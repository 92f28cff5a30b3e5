import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * Each bottleneck verdict proven on the real lab (127.0.54.x) by making that part the bottleneck
 * on purpose with the lab's knobs: HAProxy held to one thread and 5 % of a core → haproxy; every
 * app doing 4× the work → workers; one client connection on the slowed apps → none; picon's own
 * process capped at 10 % of a core with one engine thread against one nginx → generator.
 */

const SUBNET = '127.0.54';
let lab: LabHandle;
let dataDir: string;

/** A cgroup for picon itself (the generator), v2 or v1, like the lab's cpu-cap. */
const CG_ROOT = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : '/sys/fs/cgroup/cpu';
const GEN_GROUP = path.join(CG_ROOT, `picon-e2e-generator-${process.pid}`);

beforeAll(async () => {
  otherLabs = new Set(readdirSync(CG_ROOT).filter((n) => n.startsWith('picon-lab-')));
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-bottleneck-data-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  if (existsSync(GEN_GROUP)) rmdirSync(GEN_GROUP);
});

const env = (): NodeJS.ProcessEnv => ({ ...lab.env, PICON_DATA_DIR: dataDir });

async function bench(args: readonly string[], wrap?: string): Promise<RunRecord> {
  const argv = [PICON_BIN, '--profile', 'lab', 'bench', ...args, '--json'];
  // Into the cgroup first, then exec: picon runs capped from its first instruction.
  const r: RunResult = wrap === undefined
    ? await run(process.execPath, argv, { env: env(), timeoutMs: 60_000 })
    : await run('/bin/sh', ['-c', `echo $$ > ${wrap}/cgroup.procs && exec "$0" "$@"`, process.execPath, ...argv], { env: env(), timeoutMs: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunRecord;
}

async function knob(args: readonly string[]): Promise<string> {
  const r = await lab.lab(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

let otherLabs: ReadonlySet<string> = new Set();
/** This lab's cgroups (other labs on the machine may have their own). */
const labCgroups = (): string[] => readdirSync(CG_ROOT).filter((n) => n.startsWith('picon-lab-') && !otherLabs.has(n));

describe('the bottleneck verdict, each part made the bottleneck on purpose', () => {
  it('HAProxy held to one thread and 5 % of a core → haproxy on head', async () => {
    expect(await knob(['head-threads', '1'])).toMatch(/HAProxy held to 1 thread; haproxy on head reloaded/);
    expect(readFileSync(path.join(lab.dir, 'head', 'haproxy.cfg'), 'utf8')).toMatch(/^global\n {4}nbthread 1$/m);
    // status shows HAProxy's idle %, threads and run queue with the head (text and --json).
    const json = await run(process.execPath, [PICON_BIN, '--profile', 'lab', 'status', '--json'], { env: env(), timeoutMs: 30_000 });
    const load = (JSON.parse(json.stdout) as { haproxy: { load: { idlePct: number; threads: number; runQueue: number; processes: number } } }).haproxy.load;
    expect(load).toMatchObject({ threads: 1, processes: 1 });
    expect(load.idlePct).toBeGreaterThanOrEqual(0);
    expect(load.runQueue).toBeGreaterThanOrEqual(0);
    const text = await run(process.execPath, [PICON_BIN, '--profile', 'lab', 'status'], { env: env(), timeoutMs: 30_000 });
    expect(text.stdout).toMatch(/^HAProxy 2\.6\.\S+ {2}idle \d+ %, 1 thread, run queue \d+$/m);
    expect(await knob(['cpu-cap', 'head', 'haproxy', '5'])).toMatch(/head haproxy capped at 5 % of one core/);
    const record = await bench(['home', '-d', '4', '-c', '16']);
    expect(record.bottleneck).toMatchObject({ component: 'haproxy', node: 'head' });
    expect(record.bottleneck?.evidence).toMatch(/^HAProxy on head: .*1 thread, its process at \d+ % of a core, stopped by a CPU cap in \d+ % of its periods/);
    const history = readFileSync(path.join(dataDir, 'bench-history.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(history[history.length - 1] as string).bottleneck).toEqual(record.bottleneck);

    expect(await knob(['cpu-cap', 'head', 'haproxy', 'off'])).toMatch(/CPU cap removed/);
    expect(labCgroups().filter((n) => n.endsWith('-head-haproxy'))).toEqual([]);
    expect(await knob(['head-threads', 'auto'])).toMatch(/automatic/);
    expect(readFileSync(path.join(lab.dir, 'head', 'haproxy.cfg'), 'utf8')).not.toMatch(/nbthread/);
  }, 60_000);

  it('every app doing 4× the work → workers (app)', async () => {
    for (const node of ['p1', 'p2', 'p3', 'pi3']) expect(await knob(['slow', node, '4'])).toMatch(new RegExp(`${node}'s app does 4× the work`));
    const record = await bench(['work', '-d', '4', '-c', '16']);
    expect(record.bottleneck?.component).toBe('workers');
    expect(record.bottleneck?.evidence).toMatch(/^workers' CPU \(app\): p\d \d+ %/);
    // The Zeros saturate first (pi3's app is 3× faster).
    expect(record.bottleneck?.node?.split(',')).toEqual(expect.arrayContaining(['p1', 'p2', 'p3']));
  }, 60_000);

  it('one connection to the slowed apps → none saturated (latency-bound)', async () => {
    const record = await bench(['work', '-d', '4', '-c', '1']);
    expect(record.bottleneck).toMatchObject({ component: 'none', node: null });
    expect(record.bottleneck?.evidence).toMatch(/^none saturated \(latency-bound\): busiest: /);
    for (const node of ['p1', 'p2', 'p3', 'pi3']) expect(await knob(['slow', node, '1'])).toMatch(/at its own speed again/);
  }, 60_000);

  it('picon capped at 10 % of a core, one engine thread, -c 64 on p1\'s nginx → generator', async () => {
    mkdirSync(GEN_GROUP);
    if (CG_ROOT === '/sys/fs/cgroup') writeFileSync(path.join(GEN_GROUP, 'cpu.max'), '10000 100000\n');
    else writeFileSync(path.join(GEN_GROUP, 'cpu.cfs_quota_us'), '10000\n');
    const record = await bench(['p1-nginx', '--threads', '1', '-d', '4', '-c', '64'], GEN_GROUP);
    expect(record.result.threads).toBe(1);
    expect(record.bottleneck).toMatchObject({ component: 'generator', node: 'picon' });
    expect(record.bottleneck?.evidence).toMatch(/^the generator: picon used \d+ % of a core, its one load thread busy \d+ % of the time; stopped by a CPU cap in \d+ % of its periods — these figures are a floor$/);
  }, 60_000);

  it('lab down removes the lab\'s cgroups', async () => {
    expect(await knob(['cpu-cap', 'p1', 'nginx', '50'])).toMatch(/p1 nginx capped at 50 % of one core \(\d processes/);
    expect(labCgroups().some((n) => n.endsWith('-p1-nginx'))).toBe(true);
    await lab.stop();
    expect(labCgroups().filter((n) => n.endsWith('-p1-nginx'))).toEqual([]);
  }, 60_000);
});
