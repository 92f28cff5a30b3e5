import { describe, expect, it } from 'vitest';
import { bottleneckVerdict, median, type GroupSecond, type RunSecond } from '../../src/core/loadtest/bottleneck.js';
import { cpuStatPath, listeningInodes, parseReading, pidsOfFdPaths, quotaPeriodsOf, readingDelta } from '../../src/core/loadtest/process-cpu.js';
import { runRecordSchema } from '../../src/core/loadtest/run-record.js';

const g = (name: string, busiest: number, cpu = busiest, threads = 1, throttledPct?: number): GroupSecond => ({
  name, cpuPct: cpu, busiestThreadPct: busiest, threads, ...(throttledPct !== undefined && { throttledPct }),
});

interface Shape {
  idle?: number;
  haproxy?: GroupSecond;
  haproxyThreads?: number;
  workers?: Record<string, GroupSecond[]>;
  gen?: { busiest: number; cpu?: number; throttled?: number; threads?: number };
  headCores?: number[];
}

function seconds(n: number, shape: Shape): RunSecond[] {
  return Array.from({ length: n }, (_, i) => ({
    atMs: (i + 1) * 1000,
    ...(shape.idle !== undefined && { haproxy: { idlePct: shape.idle, runQueue: 3, threads: shape.haproxyThreads ?? 2, processes: 1 } }),
    nodes: [
      { node: 'head', role: 'head' as const, coresPct: shape.headCores ?? [40, 30], groups: shape.haproxy !== undefined ? [shape.haproxy] : [] },
      ...Object.entries(shape.workers ?? {}).map(([node, groups]) => ({ node, role: 'worker' as const, coresPct: [20, 20], groups })),
    ],
    ...(shape.gen !== undefined && {
      generator: { where: 'picon', busiestThreadPct: shape.gen.busiest, cpuPct: shape.gen.cpu ?? shape.gen.busiest, threads: shape.gen.threads ?? 1, ...(shape.gen.throttled !== undefined && { throttledPct: shape.gen.throttled }) },
    }),
  }));
}

const calmWorkers = { p1: [g('nginx', 20), g('app', 10)], p2: [g('nginx', 18), g('app', 12)] };

describe('bottleneckVerdict', () => {
  const cases: { name: string; input: RunSecond[]; component: string; node: string | null; evidence: RegExp }[] = [
    { name: 'HAProxy idle 1 %', input: seconds(4, { idle: 1, haproxy: g('haproxy', 99, 99), haproxyThreads: 1, workers: calmWorkers, gen: { busiest: 40 }, headCores: [99, 30] }), component: 'haproxy', node: 'head', evidence: /^HAProxy on head: idle 1 %, run queue 3, 1 thread, its process at 99 % of a core, the head's busiest core at 99 %$/ },
    { name: 'HAProxy capped (its idle count misleads)', input: seconds(4, { idle: 75, haproxy: g('haproxy', 40, 5, 1, 100), haproxyThreads: 1, workers: calmWorkers, gen: { busiest: 20 } }), component: 'haproxy', node: 'head', evidence: /stopped by a CPU cap in 100 % of its periods/ },
    { name: 'HAProxy 2 threads, one busy: not saturated', input: seconds(4, { idle: 50, haproxy: g('haproxy', 95, 100, 2), haproxyThreads: 2, workers: calmWorkers, gen: { busiest: 30 } }), component: 'none', node: null, evidence: /^none saturated \(latency-bound\): busiest: head haproxy at 95 %, HAProxy idle 50 %$/ },
    { name: 'generator saturated', input: seconds(4, { idle: 60, haproxy: g('haproxy', 30), workers: calmWorkers, gen: { busiest: 98 } }), component: 'generator', node: 'picon', evidence: /^the generator: picon used 98 % of a core, its one load thread busy 98 % of the time — these figures are a floor$/ },
    { name: 'generator capped', input: seconds(4, { idle: 80, workers: calmWorkers, gen: { busiest: 60, cpu: 10, throttled: 100, threads: 2 } }), component: 'generator', node: 'picon', evidence: /the busiest of its 2 load threads busy 60 % of the time; stopped by a CPU cap in 100 % of its periods/ },
    { name: 'generator wins over a saturated HAProxy', input: seconds(4, { idle: 2, haproxy: g('haproxy', 99), workers: calmWorkers, gen: { busiest: 95 } }), component: 'generator', node: 'picon', evidence: /floor/ },
    { name: 'workers (app)', input: seconds(4, { idle: 90, haproxy: g('haproxy', 10), workers: { p1: [g('nginx', 10), g('app', 97)], p2: [g('app', 96)], pi3: [g('app', 40)] }, gen: { busiest: 20 } }), component: 'workers', node: 'p1,p2', evidence: /^workers' CPU \(app\): p1 97 %, p2 96 %; not saturated: pi3$/ },
    { name: 'workers (nginx)', input: seconds(4, { idle: 90, workers: { p1: [g('nginx', 93)] } }), component: 'workers', node: 'p1', evidence: /^workers' CPU \(nginx\): p1 93 %$/ },
    { name: 'nothing saturated', input: seconds(4, { idle: 99, haproxy: g('haproxy', 5), workers: calmWorkers, gen: { busiest: 12 } }), component: 'none', node: null, evidence: /^none saturated \(latency-bound\): busiest: p1 nginx at 20 %, HAProxy idle 99 %$/ },
    { name: 'none, but every head core busy with others', input: seconds(4, { idle: 70, haproxy: g('haproxy', 50), gen: { busiest: 50 }, headCores: [100, 98] }), component: 'none', node: null, evidence: /every core of head busy \(98 %\)/ },
    { name: 'one sample: unknown', input: seconds(1, { idle: 1 }), component: 'unknown', node: null, evidence: /^not judged: 1 sample/ },
    { name: 'no samples: unknown', input: [], component: 'unknown', node: null, evidence: /0 samples/ },
    { name: 'just under the threshold (89 %)', input: seconds(4, { idle: 11, workers: { p1: [g('app', 89)] }, gen: { busiest: 89 } }), component: 'none', node: null, evidence: /latency-bound/ },
  ];
  it.each(cases)('$name → $component', ({ input, component, node, evidence }) => {
    const verdict = bottleneckVerdict(input);
    expect(verdict.component).toBe(component);
    expect(verdict.node).toBe(node);
    expect(verdict.evidence).toMatch(evidence);
  });

  it('leaves out the first (ramp-up) second: a slow start is not a bottleneck', () => {
    const run = seconds(4, { idle: 95, gen: { busiest: 20 } });
    const ramp = { ...run[0]!, generator: { where: 'picon', busiestThreadPct: 100, cpuPct: 100, threads: 1 } };
    expect(bottleneckVerdict([ramp, ...run.slice(1)]).component).toBe('none');
  });

  it('uses the median: one saturated second in five is not a verdict', () => {
    const run = seconds(5, { idle: 95, workers: { p1: [g('app', 30)] } });
    run[2] = { ...run[2]!, nodes: [{ node: 'p1', role: 'worker', coresPct: [100], groups: [g('app', 100)] }] };
    expect(bottleneckVerdict(run).component).toBe('none');
  });

  it('median', () => {
    expect([median([]), median([3]), median([1, 9, 2]), median([1, 2, 3, 10])]).toEqual([undefined, 3, 2, 2.5]);
  });
});

const READING = (up: number, busy: number, idle: number, run: number, wait: number, periods = 0, throttled = 0) => [
  `U ${up}`,
  `cpu0 ${busy} 0 0 ${idle} 0 0 0 0 0 0`,
  `cpu1 ${busy / 2} 0 0 ${idle} 0 0 0 0 0 0`,
  `T 10 10 ${run} ${wait} 5`,
  `T 10 11 ${run / 4} 0 5`,
  `T 99 99 ${run} ${run} 5`,
  `N lo: ${up * 1000} 1 0 0 0 0 0 0 ${up * 1000} 1 0 0 0 0 0 0`,
  `C 10 ${periods} ${throttled}`,
].join('\n');

describe('process readings', () => {
  it('parses a reading and turns two into per-core and per-group figures', () => {
    const a = parseReading(READING(100, 1000, 1000, 1e9, 0, 10, 0));
    const b = parseReading(READING(101, 1050, 1050, 1.5e9, 0.3e9, 20, 9));
    if (!a.ok || !b.ok) throw new Error('unparsed');
    const d = readingDelta(a.reading, b.reading, new Map([[10, 'app']]));
    expect(d?.coresPct.map(Math.round)).toEqual([50, 33]);
    expect(d?.groups).toEqual([{ name: 'app', cpuPct: 62.5, busiestThreadPct: 80, threads: 2, throttledPct: 90 }]);
    expect(d?.netBytesPerSecond).toBe(2000);
  });

  const bad: [string, string, RegExp][] = [
    ['no uptime', 'cpu0 1 2 3 4', /uptime/],
    ['no cpu lines', 'U 12.5', /cpu lines/],
    ['empty', '', /uptime/],
  ];
  it.each(bad)('refuses %s', (_name, text, reason) => {
    const r = parseReading(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('a clock that did not move gives no delta', () => {
    const a = parseReading(READING(100, 1, 1, 1, 1));
    if (!a.ok) throw new Error('unparsed');
    expect(readingDelta(a.reading, a.reading, new Map())).toBeUndefined();
  });

  it('finds the sockets listening on the node address or any address, on the wanted ports only', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0B00007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0',
      '   1: 0C00007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0 100 0 0 10 0',
      '   2: 00000000:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0',
      '   3: 0B00007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 444 1 0 100 0 0 10 0',
      '   4: 0B00007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(tcp, '127.0.0.11', [8080, 9000])).toEqual(new Map([[8080, ['111']], [9000, ['333']]]));
  });

  it('reads pids from find output', () => {
    expect(pidsOfFdPaths('/proc/12/fd/3\n/proc/12/fd/7\n/proc/9/fd/4\nfind: x\n')).toEqual([9, 12]);
  });

  const cgroups: [string, string, string | undefined][] = [
    ['v1 cpu', '4:memory:/a\n1:cpu:/picon-lab-x\n0::/', '/sys/fs/cgroup/cpu/picon-lab-x/cpu.stat'],
    ['v1 cpu,cpuacct', '3:cpu,cpuacct:/system.slice/haproxy.service', '/sys/fs/cgroup/cpu,cpuacct/system.slice/haproxy.service/cpu.stat'],
    ['v2 only', '0::/system.slice/haproxy.service', '/sys/fs/cgroup/system.slice/haproxy.service/cpu.stat'],
    ['none', '', undefined],
  ];
  it.each(cgroups)('cpu.stat of %s', (_name, text, file) => {
    expect(cpuStatPath(text)).toBe(file);
  });

  it('reads nr_periods and nr_throttled', () => {
    expect(quotaPeriodsOf('nr_periods 89\nnr_throttled 31\nthrottled_time 5415\n')).toEqual({ periods: 89, throttled: 31 });
    expect(quotaPeriodsOf('usage_usec 5\n')).toBeUndefined();
  });
});

describe('the verdict in a run record', () => {
  const record = {
    version: 1, id: 'x', startedAt: '2026-12-07T00:00:00Z', profile: 'lab', label: 'Cluster',
    plan: { url: 'http://h/', concurrency: 1, engine: 'builtin' },
    result: { engine: 'builtin', requestsPerSecond: 1, meanTimePerRequestMs: 1, completed: 1, failed: 0, latency: { p95Ms: 1 } },
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false,
  };
  it('an old record without one still reads; a new one keeps it', () => {
    expect(runRecordSchema.safeParse(record).success).toBe(true);
    const withVerdict = { ...record, bottleneck: { component: 'haproxy', node: 'head', evidence: 'HAProxy on head: idle 1 %' } };
    expect(runRecordSchema.parse(withVerdict).bottleneck).toEqual(withVerdict.bottleneck);
    expect(runRecordSchema.safeParse({ ...record, bottleneck: { component: 'disk', node: null, evidence: '' } }).success).toBe(false);
  });
});
