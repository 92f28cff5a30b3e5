/**
 * What limited a run, from its per-second samples: one verdict naming the component, the node and
 * the evidence in one line. Pure; the seconds come from the run sampler (bottleneck-input.ts).
 *
 * A thread's *demand* is the share of wall time it was running or ready to run (waiting for a
 * core: /proc/PID/task/TID/schedstat). On a Pi it is its CPU %; on the lab, where every node shares
 * this machine's cores, it still shows a thread that would use a whole core if it had one, and
 * does not count the core's other users against it.
 */

/** A thread at or above this demand (% of one core) is saturated: it is never waiting for work. */
export const SATURATED_THREAD_PCT = 90;
/** HAProxy with Idle_pct at or below this spends its time working, not waiting for events. */
export const HAPROXY_IDLE_SATURATED_PCT = 10;
/** Fewer samples than this (a run under ~2 s) give no verdict. */
export const MIN_SAMPLES = 2;

export const BOTTLENECK_COMPONENTS = ['haproxy', 'generator', 'workers', 'none', 'unknown'] as const;
export type BottleneckComponent = (typeof BOTTLENECK_COMPONENTS)[number];

export interface Bottleneck {
  readonly component: BottleneckComponent;
  /** The node (or nodes, comma-separated) it names; null for none/unknown, "picon" for the built-in engine. */
  readonly node: string | null;
  readonly evidence: string;
}

/** One process group's second: e.g. a worker's `app`, its `nginx`, the head's `haproxy`. */
export interface GroupSecond {
  readonly name: string;
  /** CPU used by all its threads, % of one core. */
  readonly cpuPct: number;
  /** Its busiest thread's demand, % of one core. */
  readonly busiestThreadPct: number;
  readonly threads: number;
  /** Of its CPU cgroup's quota periods (a CPU cap) in the second, the share it used its whole quota in, %. */
  readonly throttledPct?: number;
}

export interface NodeSecond {
  readonly node: string;
  readonly role: 'head' | 'worker';
  /** Each core's busy %, from /proc/stat. */
  readonly coresPct: readonly number[];
  readonly groups: readonly GroupSecond[];
  /** Bytes in + out per second over its interfaces. */
  readonly netBytesPerSecond?: number;
}

export interface HaproxySecond {
  readonly idlePct?: number;
  readonly runQueue?: number;
  readonly threads?: number;
  readonly processes?: number;
}

export interface GeneratorSecond {
  /** "picon" for the built-in engine, else the node ab ran on. */
  readonly where: string;
  readonly cpuPct: number;
  readonly busiestThreadPct: number;
  /** Threads that generate load (the built-in engine's workers; ab is 1). */
  readonly threads: number;
  /** Of its CPU cap's quota periods, the share it used up its quota in, %. */
  readonly throttledPct?: number;
}

export interface RunSecond {
  /** Milliseconds since the load started. */
  readonly atMs: number;
  readonly haproxy?: HaproxySecond;
  readonly nodes: readonly NodeSecond[];
  readonly generator?: GeneratorSecond;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const pct = (n: number): string => `${Math.round(n)} %`;

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

/** The first second is the ramp-up; it is left out when there are enough others. */
function steady(seconds: readonly RunSecond[]): readonly RunSecond[] {
  return seconds.length > MIN_SAMPLES ? seconds.slice(1) : seconds;
}

interface GroupMedian {
  readonly node: string;
  readonly group: string;
  /** Busiest thread's demand, or the share of quota periods a CPU cap stopped it in where that is more. */
  readonly busiest: number;
  readonly throttled: number;
  readonly cpu: number;
  readonly threads: number;
}

function groupMedians(seconds: readonly RunSecond[], role: NodeSecond['role']): GroupMedian[] {
  const byKey = new Map<string, { node: string; group: string; busiest: number[]; throttled: number[]; cpu: number[]; threads: number }>();
  for (const s of seconds) {
    for (const n of s.nodes) {
      if (n.role !== role) continue;
      for (const g of n.groups) {
        const key = `${n.node}\0${g.name}`;
        const entry = byKey.get(key) ?? { node: n.node, group: g.name, busiest: [], throttled: [], cpu: [], threads: g.threads };
        entry.busiest.push(Math.max(g.busiestThreadPct, g.throttledPct ?? 0));
        entry.throttled.push(g.throttledPct ?? 0);
        entry.cpu.push(g.cpuPct);
        entry.threads = Math.max(entry.threads, g.threads);
        byKey.set(key, entry);
      }
    }
  }
  return [...byKey.values()].map((e) => ({ node: e.node, group: e.group, busiest: median(e.busiest) ?? 0, throttled: median(e.throttled) ?? 0, cpu: median(e.cpu) ?? 0, threads: e.threads }));
}

/** The head's busiest core, median over the seconds. */
function headBusiestCore(seconds: readonly RunSecond[]): number | undefined {
  return median(defined(seconds.map((s) => {
    const head = s.nodes.find((n) => n.role === 'head');
    return head === undefined || head.coresPct.length === 0 ? undefined : Math.max(...head.coresPct);
  })));
}

function generatorVerdict(seconds: readonly RunSecond[]): Bottleneck | undefined {
  const gens = defined(seconds.map((s) => s.generator));
  const saturation = median(gens.map((g) => Math.max(g.busiestThreadPct, g.throttledPct ?? 0)));
  const last = gens[gens.length - 1];
  if (saturation === undefined || last === undefined || saturation < SATURATED_THREAD_PCT) return undefined;
  const busiest = median(gens.map((g) => g.busiestThreadPct)) ?? 0;
  const cpu = median(gens.map((g) => g.cpuPct)) ?? 0;
  const throttled = median(gens.map((g) => g.throttledPct ?? 0)) ?? 0;
  const who = last.where === 'picon' ? 'picon' : `ab on ${last.where}`;
  const threads = last.threads === 1 ? 'its one load thread' : `the busiest of its ${last.threads} load threads`;
  const cap = throttled >= 1 ? `; stopped by a CPU cap in ${pct(throttled)} of its periods` : '';
  return {
    component: 'generator',
    node: last.where,
    evidence: `the generator: ${who} used ${pct(cpu)} of a core, ${threads} busy ${pct(busiest)} of the time${cap} — these figures are a floor`,
  };
}

function haproxyVerdict(seconds: readonly RunSecond[], headName: string): Bottleneck | undefined {
  const infos = defined(seconds.map((s) => s.haproxy));
  const idle = median(defined(infos.map((i) => i.idlePct)));
  const group = groupMedians(seconds, 'head').find((g) => g.group === 'haproxy');
  const threads = infos[infos.length - 1]?.threads ?? group?.threads;
  // Every thread busy: the busiest one saturated and, in all, a core's worth per thread (a cap counts as busy).
  const threadBound = group !== undefined && threads !== undefined && group.busiest >= SATURATED_THREAD_PCT && (threads === 1 || group.throttled >= SATURATED_THREAD_PCT || group.cpu >= SATURATED_THREAD_PCT * threads);
  if (!(idle !== undefined && idle <= HAPROXY_IDLE_SATURATED_PCT) && !threadBound) return undefined;
  const parts: string[] = [];
  if (idle !== undefined) parts.push(`idle ${pct(idle)}`);
  const runQueue = median(defined(infos.map((i) => i.runQueue)));
  if (runQueue !== undefined) parts.push(`run queue ${Math.round(runQueue)}`);
  if (threads !== undefined) parts.push(`${threads} thread${threads === 1 ? '' : 's'}`);
  if (group !== undefined) parts.push(`its process at ${pct(group.cpu)} of a core${group.throttled >= 1 ? `, stopped by a CPU cap in ${pct(group.throttled)} of its periods` : ''}`);
  const core = headBusiestCore(seconds);
  if (core !== undefined) parts.push(`the head's busiest core at ${pct(core)}`);
  return { component: 'haproxy', node: headName, evidence: `HAProxy on ${headName}: ${parts.join(', ')}` };
}

function workersVerdict(seconds: readonly RunSecond[]): Bottleneck | undefined {
  const groups = groupMedians(seconds, 'worker');
  const saturated = groups.filter((g) => g.busiest >= SATURATED_THREAD_PCT).sort((a, b) => b.busiest - a.busiest);
  if (saturated.length === 0) return undefined;
  const nodes = [...new Set(saturated.map((g) => g.node))];
  const kinds = [...new Set(saturated.map((g) => g.group))].join(', ');
  const each = nodes.map((node) => `${node} ${pct(Math.max(...saturated.filter((g) => g.node === node).map((g) => g.busiest)))}`);
  const calm = [...new Set(groups.map((g) => g.node))].filter((n) => !nodes.includes(n));
  const rest = calm.length > 0 ? `; not saturated: ${calm.join(', ')}` : '';
  return { component: 'workers', node: nodes.join(','), evidence: `workers' CPU (${kinds}): ${each.join(', ')}${rest}` };
}

function noneVerdict(seconds: readonly RunSecond[], headName: string | undefined): Bottleneck {
  const candidates: { what: string; busiest: number }[] = [];
  const gen = median(defined(seconds.map((s) => s.generator?.busiestThreadPct)));
  if (gen !== undefined) candidates.push({ what: 'generator', busiest: gen });
  for (const g of [...groupMedians(seconds, 'head'), ...groupMedians(seconds, 'worker')]) {
    candidates.push({ what: `${g.node} ${g.group}`, busiest: g.busiest });
  }
  const top = candidates.sort((a, b) => b.busiest - a.busiest)[0];
  const idle = median(defined(seconds.map((s) => s.haproxy?.idlePct)));
  const cores = median(defined(seconds.map((s) => {
    const head = s.nodes.find((n) => n.role === 'head');
    return head === undefined || head.coresPct.length === 0 ? undefined : Math.min(...head.coresPct);
  })));
  const parts = [
    ...(top !== undefined ? [`busiest: ${top.what} at ${pct(top.busiest)}`] : []),
    ...(idle !== undefined && headName !== undefined ? [`HAProxy idle ${pct(idle)}`] : []),
    ...(cores !== undefined && cores >= SATURATED_THREAD_PCT ? [`every core of ${headName ?? 'the head'} busy (${pct(cores)}) with processes outside the run's services`] : []),
  ];
  return { component: 'none', node: null, evidence: `none saturated (latency-bound)${parts.length > 0 ? `: ${parts.join(', ')}` : ''}` };
}

/**
 * The verdict. Order matters: a saturated generator makes every other figure a floor, so it is
 * named first; then HAProxy (every request passes it); then the workers; else none.
 */
export function bottleneckVerdict(seconds: readonly RunSecond[]): Bottleneck {
  if (seconds.length < MIN_SAMPLES) {
    return { component: 'unknown', node: null, evidence: `not judged: ${seconds.length} sample${seconds.length === 1 ? '' : 's'} (a run of at least ${MIN_SAMPLES} s is needed)` };
  }
  const used = steady(seconds);
  const headName = used.flatMap((s) => s.nodes).find((n) => n.role === 'head')?.node;
  return (
    generatorVerdict(used) ??
    (headName !== undefined || used.some((s) => s.haproxy !== undefined) ? haproxyVerdict(used, headName ?? 'head') : undefined) ??
    workersVerdict(used) ??
    noneVerdict(used, headName)
  );
}

/** The summary's line: "Bottleneck     HAProxy on head: idle 1 %, …". */
export function bottleneckLine(b: Bottleneck): string {
  return `  Bottleneck     ${b.evidence}`;
}
