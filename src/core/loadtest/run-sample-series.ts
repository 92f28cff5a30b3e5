import {
  SERIES_LIMIT,
  type GeneratorPlace,
  type GeneratorSample,
  type GeneratorSeries,
  type GeneratorSummary,
  type NodeSample,
  type NodeSeries,
  type NodeSummary,
  type RunSamples,
  type SampleMiss,
  type ServiceSeries,
  type Spread,
} from './run-samples.js';

/** A run's samples as its record keeps them: columns per node, summaries always, the columns only while they stay small. */

const t = (atMs: number): number => Math.round(atMs / 100) / 10;
const MAX_PROBLEMS = 5;

export function spread(values: readonly (number | null | undefined)[]): Spread | undefined {
  const read = values.filter((v): v is number => typeof v === 'number');
  if (read.length === 0) return undefined;
  const mean = read.reduce((a, b) => a + b, 0) / read.length;
  return { mean: Math.round(mean * 10) / 10, max: Math.max(...read), min: Math.min(...read) };
}

/** A column, or undefined when no sample had the value. */
function column<T>(samples: readonly NodeSample[], get: (s: NodeSample) => T | undefined): (T | null)[] | undefined {
  const values = samples.map((s) => get(s) ?? null);
  return values.some((v) => v !== null) ? values : undefined;
}

const largest = (values: readonly (number | undefined)[]): number | undefined => {
  const read = values.filter((v): v is number => v !== undefined);
  return read.length === 0 ? undefined : Math.max(...read);
};

const r1 = (n: number | undefined): number | null => (n === undefined ? null : Math.round(n * 10) / 10);

/** One column set per service seen at any sample. */
function serviceSeries(samples: readonly NodeSample[]): ServiceSeries[] | undefined {
  const names = [...new Set(samples.flatMap((s) => (s.services ?? []).map((g) => g.name)))];
  if (names.length === 0) return undefined;
  return names.map((name) => {
    const of = samples.map((s) => s.services?.find((g) => g.name === name));
    const throttled = of.map((g) => (g === undefined ? null : r1(g.throttledPct ?? 0)));
    return {
      name,
      cpu: of.map((g) => r1(g?.cpuPct)),
      busiest: of.map((g) => r1(g?.busiestThreadPct)),
      ...(throttled.some((v) => v !== null && v > 0) && { throttled }),
    };
  });
}

export function nodeSeries(samples: readonly NodeSample[]): NodeSeries | undefined {
  const first = samples[0];
  if (first === undefined) return undefined;
  const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const missed: SampleMiss[] = samples.filter((s) => s.missed !== undefined).map((s) => ({ t: t(s.atMs), reason: s.missed as string }));
  const haproxyMissed = samples.filter((s) => s.haproxyMissed !== undefined).map((s) => ({ t: t(s.atMs), reason: `HAProxy: ${s.haproxyMissed as string}` }));
  const problems = [...haproxyMissed, ...samples.flatMap((s) => (s.problems ?? []).map((reason) => ({ t: t(s.atMs), reason })))].slice(0, MAX_PROBLEMS);
  return {
    node: first.node,
    role: first.role,
    t: samples.map((s) => t(s.atMs)),
    cpu: samples.map((s) => s.reading?.cpu?.percent ?? null),
    cores: samples.map((s) => s.reading?.cpu?.cores ?? null),
    ...opt('tempC', column(samples, (s) => s.reading?.temperatureC)),
    ...opt('clockMhz', column(samples, (s) => s.reading?.clockMhz)),
    ...opt('clockMaxMhz', largest(samples.map((s) => s.reading?.clockMaxMhz))),
    ...opt('throttle', column(samples, (s) => s.reading?.throttleBits)),
    ...opt('haproxyIdle', column(samples, (s) => s.haproxy?.idlePercent)),
    ...opt('runQueue', column(samples, (s) => s.haproxy?.runQueue)),
    ...opt('threads', largest(samples.map((s) => s.haproxy?.threads))),
    ...opt('processes', largest(samples.map((s) => s.haproxy?.processes))),
    ...opt('bytesOut', column(samples, (s) => s.traffic?.bytesOutPerSecond)),
    ...opt('bytesSource', samples.find((s) => s.traffic !== undefined)?.traffic?.source),
    ...opt('services', serviceSeries(samples)),
    missed,
    ...(problems.length > 0 && { problems }),
  };
}

export function nodeSummary(series: NodeSeries): NodeSummary {
  const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    node: series.node,
    role: series.role,
    samples: series.t.length,
    missed: series.missed.length,
    ...opt('cpu', spread(series.cpu)),
    ...opt('busiestCore', spread(series.cores.map((c) => (c === null || c.length === 0 ? null : Math.max(...c))))),
    ...opt('tempC', series.tempC && spread(series.tempC)),
    ...opt('clockMhz', series.clockMhz && spread(series.clockMhz)),
    ...opt('clockMaxMhz', series.clockMaxMhz),
    ...opt('haproxyIdle', series.haproxyIdle && spread(series.haproxyIdle)),
    ...opt('runQueue', series.runQueue && spread(series.runQueue)),
    ...opt('threads', series.threads),
    ...opt('processes', series.processes),
    ...opt('bytesOut', series.bytesOut && spread(series.bytesOut)),
  };
}

export function generatorSeries(place: GeneratorPlace, samples: readonly GeneratorSample[]): GeneratorSeries {
  const busiest = samples.map((s) => s.reading?.busiestThreadPercent ?? null);
  const demand = samples.map((s) => r1(s.reading?.busiestThreadDemand));
  const throttled = samples.map((s) => r1(s.reading?.throttledPercent));
  return {
    place,
    t: samples.map((s) => t(s.atMs)),
    cpu: samples.map((s) => s.reading?.cpuPercent ?? null),
    ...(busiest.some((b) => b !== null) && { busiestThread: busiest }),
    ...(demand.some((b) => b !== null) && { demand }),
    ...(throttled.some((b) => b !== null && b > 0) && { throttled }),
    missed: samples.filter((s) => s.missed !== undefined).map((s) => ({ t: t(s.atMs), reason: s.missed as string })),
  };
}

export function generatorSummary(series: GeneratorSeries): GeneratorSummary {
  const cpu = spread(series.cpu);
  const busiest = series.busiestThread === undefined ? undefined : spread(series.busiestThread);
  return { place: series.place, samples: series.t.length, missed: series.missed.length, ...(cpu !== undefined && { cpu }), ...(busiest !== undefined && { busiestThread: busiest }) };
}

export interface SampledRun {
  readonly intervalMs: number;
  /** Every node's samples, in the order taken. */
  readonly nodes: readonly NodeSample[];
  readonly generator?: { readonly place: GeneratorPlace; readonly samples: readonly GeneratorSample[] };
  /** When the sample after the run was asked for: samples from then on are not of the run's load. */
  readonly afterRunMs?: number;
  /** Nodes × samples past which only the summaries are kept (default SERIES_LIMIT). */
  readonly limit?: number;
}

export function runSamples(run: SampledRun): RunSamples {
  const names = [...new Set(run.nodes.map((s) => s.node))];
  const series = names.map((n) => nodeSeries(run.nodes.filter((s) => s.node === n))).filter((s): s is NodeSeries => s !== undefined);
  const generator = run.generator === undefined ? undefined : generatorSeries(run.generator.place, run.generator.samples);
  const kept = run.nodes.length <= (run.limit ?? SERIES_LIMIT) ? 'series' : 'aggregate';
  return {
    intervalMs: run.intervalMs,
    kept,
    ...(kept === 'series' && { nodes: series }),
    ...(kept === 'series' && generator !== undefined && { generator }),
    summary: { nodes: series.map(nodeSummary), ...(generator !== undefined && { generator: generatorSummary(generator) }) },
  };
}
