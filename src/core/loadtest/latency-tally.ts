/**
 * An engine thread's latencies, counted cheaply while the run goes (a few array writes a
 * response, no floating-point logarithms) and handed to the main thread as plain data, where
 * LatencyHistogram (hdr-histogram-js) merges them: the percentiles are HDR's, exactly as if each
 * latency had been recorded there. A thread so never loads the HDR library. Pure.
 */

/** An hour in microseconds: a latency past it is recorded as an hour. */
export const HIGHEST_US = 3_600_000_000;
/** Latencies under this many microseconds (65 ms) are counted one by one. */
const EXACT_US = 65_536;

/** A thread's latencies as plain data, to cross a thread boundary and be merged. */
export interface HistogramData {
  /**
   * Pairs, flat: a latency in whole microseconds, then how many had it. A latency of EXACT_US or
   * more is rounded down to a multiple of 1/1024 of its power of two, finer than (and aligned
   * with) HDR's 3-significant-digit buckets, so it lands in the bucket its exact value would.
   */
  readonly counts: readonly number[];
  readonly sumMs: number;
  readonly maxMs: number;
}

/** The whole microseconds HDR is given for a latency of `ms`. */
export function latencyUs(ms: number): number {
  return Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)));
}

/** `us` (≥ EXACT_US) rounded down within 1/1024 of its power of two. */
function coarse(us: number): number {
  const step = 2 ** (Math.floor(Math.log2(us)) - 10);
  return us - (us % step);
}

export class LatencyTally {
  private exact: Uint32Array | undefined;
  private readonly slow = new Map<number, number>();
  private sumMs = 0;
  private maxMs = 0;
  private n = 0;

  record(ms: number): void {
    const us = latencyUs(ms);
    if (us < EXACT_US) {
      const exact = (this.exact ??= new Uint32Array(EXACT_US));
      exact[us] = (exact[us] as number) + 1;
    } else {
      const key = coarse(us);
      this.slow.set(key, (this.slow.get(key) ?? 0) + 1);
    }
    this.n++;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  get count(): number {
    return this.n;
  }

  toData(): HistogramData {
    const counts: number[] = [];
    const exact = this.exact;
    if (exact !== undefined) {
      for (let us = 0; us < EXACT_US; us++) if (exact[us] !== 0) counts.push(us, exact[us] as number);
    }
    for (const [us, n] of [...this.slow].sort((a, b) => a[0] - b[0])) counts.push(us, n);
    return { counts, sumMs: this.sumMs, maxMs: this.maxMs };
  }
}
