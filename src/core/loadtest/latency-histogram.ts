/**
 * Latencies in log-spaced buckets 1 % wide (from 1 µs to an hour in under 2,300 buckets), so a
 * run of any length keeps percentiles in constant memory. Percentiles are within 1 %.
 */

const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const MIN_US = 1;

/** A histogram as plain data, to cross a process boundary and be merged. */
export interface HistogramData {
  readonly buckets: readonly (readonly [number, number])[];
  readonly sumMs: number;
  readonly maxMs: number;
}

export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private sumMs = 0;
  private maxMs = 0;

  record(ms: number): void {
    const us = Math.max(MIN_US, ms * 1000);
    const bucket = Math.floor(Math.log(us) / LOG_GROWTH);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  toData(): HistogramData {
    return { buckets: [...this.counts], sumMs: this.sumMs, maxMs: this.maxMs };
  }

  /** Adds another histogram's counts (e.g. from another engine process). */
  merge(data: HistogramData): void {
    for (const [bucket, n] of data.buckets) {
      this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + n);
      this.total += n;
    }
    this.sumMs += data.sumMs;
    if (data.maxMs > this.maxMs) this.maxMs = data.maxMs;
  }

  get count(): number {
    return this.total;
  }

  mean(): number | null {
    return this.total === 0 ? null : this.sumMs / this.total;
  }

  max(): number | null {
    return this.total === 0 ? null : this.maxMs;
  }

  /** The latency `p` percent of requests were at or under (the bucket's upper edge, capped at max). */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket) ?? 0;
      if (seen >= rank) return Math.min(this.maxMs, GROWTH ** (bucket + 1) / 1000);
    }
    return this.maxMs;
  }
}
