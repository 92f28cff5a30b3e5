/** What one load-test run measured, whatever engine ran it. */

export type EngineName = 'builtin' | 'ab' | 'wrk';

export const ENGINE_NAMES: readonly EngineName[] = ['builtin', 'ab', 'wrk'];

export interface LatencyPercentiles {
  /** Milliseconds; null when the engine does not report that percentile (wrk has no p95). */
  readonly p50Ms: number | null;
  /** The built-in engine's p90 and p99.9 (older runs and the other engines: absent). */
  readonly p90Ms?: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly p999Ms?: number | null;
  readonly maxMs: number | null;
}

export interface FixedRateOutcome {
  /** Requests a second asked for (`--rate`), every connection together. */
  readonly targetPerSecond: number;
  /** Requests the schedule called for during the run (-d), or -n. */
  readonly scheduled: number;
  /** Requests sent; scheduled − sent were still waiting for a busy connection when the time was up. */
  readonly sent: number;
}

export interface LoadTestResult {
  readonly engine: EngineName;
  /** The built-in engine's worker threads (the others say nothing). */
  readonly threads?: number;
  /** The URL the requests went to. */
  readonly target: string;
  /** The preset it ran, or undefined for a bare `--url`. */
  readonly preset?: string;
  readonly concurrency: number;
  readonly requestsPerSecond: number;
  /** ab's "Time per request (mean)": the mean latency a client saw. */
  readonly meanTimePerRequestMs: number;
  /**
   * On a fixed-rate run (`--rate`) measured from when each request was due by the schedule, not
   * from when it was sent: a wait for a busy connection is in it (see fixedRate).
   */
  readonly latency: LatencyPercentiles;
  /** A fixed-rate run's schedule and how far the engine kept to it; absent on a closed-loop run. */
  readonly fixedRate?: FixedRateOutcome;
  /** Responses received (any status). */
  readonly completed: number;
  /** Requests that got no response: connect errors, resets, timeouts. */
  readonly failed: number;
  readonly non2xx: number;
  /**
   * ab counts a response whose length differs from the first one as "failed (Length)"; on a
   * dynamic page that only means the pages differ, so it is kept apart from `failed`.
   */
  readonly lengthVaried?: number;
  readonly transferBytesPerSecond: number;
  readonly durationSeconds: number;
  /** A mixed run: each kind of request on its own, in the mix's order (the figures above are all of them). */
  readonly kinds?: readonly KindResult[];
}


/** One kind of request of a mixed run (a preset's `mix`), measured on its own. */
export interface KindResult {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly weight: number;
  /** Responses received (any status). */
  readonly completed: number;
  readonly failed: number;
  readonly non2xx: number;
  /** Responses by status code, e.g. { "200": 70, "201": 5 }. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly meanTimePerRequestMs: number;
  readonly latency: LatencyPercentiles;
}
