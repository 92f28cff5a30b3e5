import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../src/core/health/command-batch.js';
import { bottleneckVerdict } from '../../src/core/loadtest/bottleneck.js';
import { runSeconds } from '../../src/core/loadtest/bottleneck-input.js';
import { stepNodeSample, type NodeSampleMemory } from '../../src/core/loadtest/node-sample.js';
import { runSamples, type SampledRun } from '../../src/core/loadtest/run-sample-series.js';
import type { NodeSample } from '../../src/core/loadtest/run-samples.js';
import { sampleCommand, sampleOutput, samplePartCount, type SampleWants } from '../../src/core/loadtest/sample-command.js';

/**
 * The run sampler's one command per node reads the services' threads too (the bottleneck's
 * part): the command, the combined parse on captured replies, and the verdict from the samples.
 */

const root = fileURLToPath(new URL('../fixtures/loadtest/samples/', import.meta.url));
const captured = (name: string): string => readFileSync(root + name, 'latin1');

// lab-worker-services.*: p1 of a lab, 7902 its app (node), 8093 and 8096 nginx's master and worker.
const workerPids = new Map([[7902, 'app'], [8093, 'nginx'], [8096, 'nginx']]);
const workerWants: SampleWants = { netDev: false, vcgencmd: false, services: [...workerPids.keys()] };

function step(memory: NodeSampleMemory, wants: SampleWants, stdout: string, atMs: number, services = workerPids) {
  const batch = parseBatch(stdout, samplePartCount(wants));
  if (!batch.ok) throw new Error(batch.reason);
  const output = sampleOutput('p1', wants, batch.value);
  return stepNodeSample(memory, { node: 'p1', role: 'worker', atMs, output, ...(wants.services !== undefined && { services }) });
}

const MARK = (code: number): string => `\npicon-exit-status:${code}\n`;
/** The captured reply with its services part (the last) replaced. */
const withServicesPart = (name: string, part: string | null): string => {
  const text = captured(name);
  const tailEnd = text.indexOf(MARK(0)) + MARK(0).length;
  return text.slice(0, tailEnd) + (part === null ? '' : `${part}${MARK(0)}`);
};

describe('sampleCommand with the services part', () => {
  it('appends the threads script for the pids, in the same command; none without pids', () => {
    const text = sampleCommand(workerWants).text;
    expect(text).toContain("'tail' '-n' '+1' '/proc/stat'");
    expect(text).toContain('set -- 7902 8093 8096\nfor p in "$@"; do for t in /proc/$p/task/*');
    expect(samplePartCount(workerWants)).toBe(2);
    expect(sampleCommand({ netDev: false, vcgencmd: false, services: [] }).text).not.toContain('schedstat');
    expect(samplePartCount({ netDev: false, vcgencmd: true, processId: 5, services: [1] })).toBe(6);
  });
  it('refuses a pid that is not one', () => {
    expect(() => sampleCommand({ netDev: false, vcgencmd: false, services: [12, -1] })).toThrow(/not a process id: -1/);
    expect(() => sampleCommand({ netDev: false, vcgencmd: false, services: [Number.NaN] })).toThrow(/not a process id/);
  });
});

describe('the combined parse, on a lab worker captured 1 s apart', () => {
  const first = step({}, workerWants, captured('lab-worker-services.1'), 0);
  const cases: { name: string; stdout: string; services: unknown; problem?: RegExp }[] = [
    {
      name: 'both replies read: app and nginx, their threads, CPU and demand',
      stdout: captured('lab-worker-services.2'),
      services: [
        // By hand from the files: 1.44 s of uptime; the app's 11 threads ran 0.593 s, its main thread ran and waited 0.728 s.
        { name: 'app', threads: 11, cpuPct: expect.closeTo(41.18, 2), busiestThreadPct: expect.closeTo(50.57, 2) },
        { name: 'nginx', threads: 2, cpuPct: expect.closeTo(1.43, 2), busiestThreadPct: expect.closeTo(5.50, 2) },
      ],
    },
    { name: 'the processes ended: no thread lines, no services', stdout: withServicesPart('lab-worker-services.2', ''), services: [] },
    { name: 'the part cut short: a problem, no services', stdout: withServicesPart('lab-worker-services.2', null), services: undefined, problem: /p1: reading the services' threads did not finish/ },
    { name: 'garbage lines are skipped', stdout: withServicesPart('lab-worker-services.2', 'T x y\nC 1 2\nnonsense'), services: [] },
  ];
  it.each(cases)('$name', ({ stdout, services, problem }) => {
    expect(first.sample.services).toBeUndefined(); // a figure needs two readings
    const second = step(first.memory, workerWants, stdout, 1000);
    expect(second.sample.reading?.cpu?.cores).toHaveLength(2);
    expect(second.sample.reading?.temperatureC).toBe(45);
    expect(second.sample.services).toEqual(services);
    if (problem !== undefined) expect(second.sample.problems?.join('\n')).toMatch(problem);
  });
  it('a reply without the services part (an older sample, no pids) reads as before', () => {
    const plain: SampleWants = { netDev: false, vcgencmd: false };
    const a = step({}, plain, captured('host-worker.1'), 0);
    expect(a.sample.services).toBeUndefined();
    expect(a.memory.proc).toBeUndefined();
  });
});

describe('the verdict from the run sampler\'s samples', () => {
  const node = (atMs: number, name: string, role: 'head' | 'worker', busiest: number, extra: Partial<NodeSample> = {}): NodeSample => ({
    node: name, role, atMs,
    reading: { cpu: { percent: busiest / 2, cores: [busiest, 10] } },
    services: [{ name: role === 'head' ? 'haproxy' : 'app', cpuPct: busiest, busiestThreadPct: busiest, threads: 1 }],
    ...extra,
  });
  const ticks = [-200, 1000, 2000, 3000, 4000, 4300];
  const run = (workerBusy: number, idle: number, generator?: SampledRun['generator']): SampledRun => ({
    intervalMs: 1000,
    afterRunMs: 4300,
    nodes: ticks.flatMap((t) => [
      node(t, 'head', 'head', 30, { haproxy: { idlePercent: t === 4300 ? 100 : idle, threads: 1, processes: 1 } }),
      node(t, 'p1', 'worker', t === 4300 ? 2 : workerBusy),
    ]),
    ...(generator !== undefined && { generator }),
  });
  const picon = (busiest: number, throttled?: number): SampledRun['generator'] => ({
    place: { kind: 'picon' },
    samples: ticks.map((atMs) => ({ atMs, reading: { cpuPercent: busiest, busiestThreadPercent: 5, busiestThreadDemand: busiest, ...(throttled !== undefined && { throttledPercent: throttled }) } })),
  });
  const cases: { name: string; run: SampledRun; threads?: number; component: string; node: string | null; evidence: RegExp }[] = [
    { name: 'a saturated app → workers', run: run(98, 80), component: 'workers', node: 'p1', evidence: /^workers' CPU \(app\): p1 98 %/ },
    { name: 'HAProxy idle 3 % → haproxy', run: run(40, 3), component: 'haproxy', node: 'head', evidence: /^HAProxy on head: idle 3 %/ },
    { name: 'nothing saturated → none', run: run(40, 80), component: 'none', node: null, evidence: /busiest: p1 app at 40 %/ },
    { name: 'picon\'s busiest thread demand 95 % → generator', run: run(40, 80, picon(95)), threads: 2, component: 'generator', node: 'picon', evidence: /busiest of its 2 load threads busy 95 %/ },
    { name: 'picon stopped by its cap → generator', run: run(40, 80, picon(20, 96)), threads: 1, component: 'generator', node: 'picon', evidence: /stopped by a CPU cap in 96 %/ },
    {
      name: 'ab on head at 97 % → generator on head',
      run: run(40, 80, { place: { kind: 'node', node: 'head' }, samples: ticks.map((atMs) => ({ atMs, reading: { cpuPercent: 97 } })) }),
      component: 'generator', node: 'head', evidence: /^the generator: ab on head used 97 % of a core/,
    },
    { name: 'picon as the place but ab ran (no threads) → not the generator', run: run(40, 80, picon(99)), component: 'none', node: null, evidence: /^none saturated/ },
  ];
  it.each(cases)('$name', ({ run: r, threads, component, node: n, evidence }) => {
    const seconds = runSeconds(r, threads);
    expect(seconds.map((s) => s.atMs)).toEqual([1000, 2000, 3000, 4000]); // neither the sample before nor the one after the run
    const verdict = bottleneckVerdict(seconds);
    expect(verdict).toMatchObject({ component, node: n });
    expect(verdict.evidence).toMatch(evidence);
  });
  it('no samples during the run (PICON_RUN_SAMPLING=off) → unknown', () => {
    const r: SampledRun = { intervalMs: 1000, afterRunMs: 4300, nodes: [node(-200, 'p1', 'worker', 1), node(4300, 'p1', 'worker', 1)] };
    expect(bottleneckVerdict(runSeconds(r, 1))).toMatchObject({ component: 'unknown' });
  });
  it('the record keeps the services as columns, and the generator\'s demand', () => {
    const samples = runSamples(run(98, 80, picon(20, 96)));
    const p1 = samples.nodes?.find((s) => s.node === 'p1');
    expect(p1?.services).toEqual([{ name: 'app', cpu: [98, 98, 98, 98, 98, 2], busiest: [98, 98, 98, 98, 98, 2] }]);
    expect(samples.generator?.demand).toHaveLength(6);
    expect(samples.generator?.throttled?.[1]).toBe(96);
  });
});
