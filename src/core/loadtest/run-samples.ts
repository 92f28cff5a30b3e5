/**
 * What every node and the load generator did during one run, sampled about once a second
 * (adapters/loadtest/run-sampler.ts takes the samples; run-sample-series.ts turns them into the
 * series a run record keeps). A reading's field is absent when that value could not be read or
 * the node has no such thing (no Pi firmware, no cpufreq); a missed sample says why.
 */

/** Busy time of a node's CPUs since its previous sample. */
export interface CpuBusy {
  /** All cores together, 0–100 (% of the whole node). */
  readonly percent: number;
  /** Each online core, 0–100, in core-number order (an offline core has no entry). */
  readonly cores: readonly number[];
}

/** One node's reading at one sample. */
export interface NodeReading {
  /** Absent at a node's first sample (a busy figure needs two readings of /proc/stat). */
  readonly cpu?: CpuBusy;
  /** °C, one decimal. */
  readonly temperatureC?: number;
  /** The ARM clock now and its maximum, MHz. */
  readonly clockMhz?: number;
  readonly clockMaxMhz?: number;
  /** The firmware's get_throttled bit field (bits 0–3 now, 16–19 since boot). */
  readonly throttleBits?: number;
}

/** HAProxy on the head at one sample (`show info` of every process). */
export interface HaproxyReading {
  /** Idle_pct of the busiest process (the lowest), 0–100. */
  readonly idlePercent?: number;
  /** Run_queue, summed over the processes. */
  readonly runQueue?: number;
  /** Nbthread of a process. */
  readonly threads?: number;
  /** How many processes answered (Nbproc, or the master's workers). */
  readonly processes?: number;
}

/** Bytes per second through the head since its previous sample. */
export interface HeadTraffic {
  readonly bytesOutPerSecond: number;
  /** HAProxy's TotalBytesOut where `show info` has it (2.3+), else /proc/net/dev (every interface but lo). */
  readonly source: 'haproxy' | 'net-dev';
}

export type NodeRole = 'head' | 'worker';

/**
 * A service's processes on a node since the previous sample (the head's `haproxy`, a worker's
 * `nginx` and `app`): CPU of all its threads, and its busiest thread's *demand* (running or
 * waiting for a core, schedstat), % of one core; `throttledPct` the share of its CPU cap's quota
 * periods it was stopped in.
 */
export interface ServiceReading {
  readonly name: string;
  readonly cpuPct: number;
  readonly busiestThreadPct: number;
  readonly threads: number;
  readonly throttledPct?: number;
}

/** One node at one sample: its reading, or why there is none. */
export interface NodeSample {
  readonly node: string;
  readonly role: NodeRole;
  /** Milliseconds since the run's start when the sample was asked for; the first sample is at 0 or just before (negative). */
  readonly atMs: number;
  /** Absent when the sample was missed; `missed` says why. */
  readonly reading?: NodeReading;
  /** Head only: HAProxy's view, absent when `show info` could not be read (`haproxyMissed`). */
  readonly haproxy?: HaproxyReading;
  readonly haproxyMissed?: string;
  readonly traffic?: HeadTraffic;
  /** The services' threads (absent at the first sample, or where no pid was known). */
  readonly services?: readonly ServiceReading[];
  readonly missed?: string;
  /** Values the node has but that could not be read or parsed this time (a reading is still there). */
  readonly problems?: readonly string[];
}

/** Where the load came from: picon itself (the built-in engine), or ab on a node. */
export type GeneratorPlace = { readonly kind: 'picon' } | { readonly kind: 'node'; readonly node: string };

/** The load generator's own CPU since its previous sample. */
export interface GeneratorReading {
  /** Percent of one core (two busy threads make 200). For picon: the whole process, the engine's threads included. */
  readonly cpuPercent: number;
  /** The busiest single thread, percent of one core (picon on Linux; ab has one thread, so its figure is cpuPercent). */
  readonly busiestThreadPercent?: number;
  /** picon: its busiest thread's demand (running or waiting for a core), and the share of its CPU cap's periods it was stopped in. */
  readonly busiestThreadDemand?: number;
  readonly throttledPercent?: number;
}

export interface GeneratorSample {
  readonly atMs: number;
  readonly reading?: GeneratorReading;
  readonly missed?: string;
}

/** Everything sampled at one tick. */
export interface RunSampleTick {
  readonly atMs: number;
  readonly nodes: readonly NodeSample[];
  readonly generator?: GeneratorSample;
}

/**
 * A node's samples as a run record keeps them: one column per value, one entry per sample,
 * `null` where that value was not read (the whole sample missed: see `missed`). Columns of
 * values the node never had (no Pi sensors, not the head) are left out.
 */
export interface NodeSeries {
  readonly node: string;
  readonly role: NodeRole;
  /** Seconds into the run, one decimal. */
  readonly t: readonly number[];
  readonly cpu: readonly (number | null)[];
  /** Each core's busy %, per sample. */
  readonly cores: readonly (readonly number[] | null)[];
  readonly tempC?: readonly (number | null)[];
  readonly clockMhz?: readonly (number | null)[];
  /** The clock's maximum (constant for a node; the largest seen). */
  readonly clockMaxMhz?: number;
  readonly throttle?: readonly (number | null)[];
  /** Head only. */
  readonly haproxyIdle?: readonly (number | null)[];
  readonly runQueue?: readonly (number | null)[];
  readonly threads?: number;
  readonly processes?: number;
  readonly bytesOut?: readonly (number | null)[];
  readonly bytesSource?: HeadTraffic['source'];
  /** Per service: its CPU % and busiest thread's demand % per sample (records before the one sampler have none). */
  readonly services?: readonly ServiceSeries[];
  readonly missed: readonly SampleMiss[];
  /** The first few values that could not be read or parsed at a sample that was not missed. */
  readonly problems?: readonly SampleMiss[];
}

export interface ServiceSeries {
  readonly name: string;
  readonly cpu: readonly (number | null)[];
  readonly busiest: readonly (number | null)[];
  /** Present when a CPU cap stopped it at some sample. */
  readonly throttled?: readonly (number | null)[];
}

export interface SampleMiss {
  /** Seconds into the run. */
  readonly t: number;
  readonly reason: string;
}

export interface GeneratorSeries {
  readonly place: GeneratorPlace;
  readonly t: readonly number[];
  readonly cpu: readonly (number | null)[];
  readonly busiestThread?: readonly (number | null)[];
  readonly demand?: readonly (number | null)[];
  readonly throttled?: readonly (number | null)[];
  readonly missed: readonly SampleMiss[];
}

/** mean and max of a value over the run's samples (only the samples that read it). */
export interface Spread {
  readonly mean: number;
  readonly max: number;
  readonly min: number;
}

/** One node's run in a few numbers: what a verdict or a long run's record needs. */
export interface NodeSummary {
  readonly node: string;
  readonly role: NodeRole;
  readonly samples: number;
  readonly missed: number;
  readonly cpu?: Spread;
  /** The busiest core at each sample. */
  readonly busiestCore?: Spread;
  readonly tempC?: Spread;
  readonly clockMhz?: Spread;
  readonly clockMaxMhz?: number;
  readonly haproxyIdle?: Spread;
  readonly runQueue?: Spread;
  readonly threads?: number;
  readonly processes?: number;
  readonly bytesOut?: Spread;
}

export interface GeneratorSummary {
  readonly place: GeneratorPlace;
  readonly samples: number;
  readonly missed: number;
  readonly cpu?: Spread;
  readonly busiestThread?: Spread;
}

/**
 * A run's samples in its history record. `kept: 'series'`: every sample (`nodes`, `generator`);
 * `'aggregate'`: the run had more than SERIES_LIMIT node-samples, so only the summaries are kept
 * (the flags, in the record beside them, are always computed from every sample).
 */
export interface RunSamples {
  readonly intervalMs: number;
  readonly kept: 'series' | 'aggregate';
  readonly nodes?: readonly NodeSeries[];
  readonly generator?: GeneratorSeries;
  readonly summary: { readonly nodes: readonly NodeSummary[]; readonly generator?: GeneratorSummary };
}

/** Nodes × samples past which a record keeps the summaries only: ~100 KB of history at most (5 nodes × 300 s is 1,500). */
export const SERIES_LIMIT = 3_600;

/** The sampling period picon asks for. */
export const SAMPLE_INTERVAL_MS = 1_000;
