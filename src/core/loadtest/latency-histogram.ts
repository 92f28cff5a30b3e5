import { build, type Histogram } from 'hdr-histogram-js';
import { HIGHEST_US, latencyUs, type HistogramData } from './latency-tally.js';

export type { HistogramData } from './latency-tally.js';

/**
 * Latencies in an HDR histogram (hdr-histogram-js, its pure-JS build): microseconds with 3
 * significant digits, so every percentile is within 0.1 %, in constant memory for a run of any
 * length. The exact sum and maximum are kept beside it.
 */

const SIGNIFICANT_DIGITS = 3;

function emptyHdr(): Histogram {
  return build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: SIGNIFICANT_DIGITS, useWebAssembly: false });
}

export class LatencyHistogram {
  private readonly hdr = emptyHdr();
  private sumMs = 0;
  private maxMs = 0;

  record(ms: number): void {
    this.hdr.recordValue(latencyUs(ms));
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** Adds an engine thread's latencies (latency-tally.ts). */
  merge(data: HistogramData): void {
    const { counts } = data;
    for (let i = 0; i + 1 < counts.length; i += 2) this.hdr.recordValueWithCount(counts[i] as number, counts[i + 1] as number);
    this.sumMs += data.sumMs;
    if (data.maxMs > this.maxMs) this.maxMs = data.maxMs;
  }

  get count(): number {
    return this.hdr.totalCount;
  }

  mean(): number | null {
    return this.count === 0 ? null : this.sumMs / this.count;
  }

  max(): number | null {
    return this.count === 0 ? null : this.maxMs;
  }

  /** The latency `p` percent of requests were at or under (within 0.1 %, never above the max). */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    return Math.min(this.maxMs, this.hdr.getValueAtPercentile(p) / 1000);
  }
}
