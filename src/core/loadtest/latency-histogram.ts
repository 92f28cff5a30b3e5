import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

/**
 * Latencies in an HDR histogram (hdr-histogram-js, its pure-JS build): microseconds with 3
 * significant digits, so every percentile is within 0.1 %, in constant memory for a run of any
 * length. The exact sum and maximum are kept beside it.
 */

/** An hour in microseconds: a latency past it is recorded as an hour. */
const HIGHEST_US = 3_600_000_000;
const SIGNIFICANT_DIGITS = 3;

/** A histogram as plain data, to cross a thread boundary and be merged. */
export interface HistogramData {
  /** HDR's compressed, base64 encoding of the counts. */
  readonly encoded: string;
  readonly sumMs: number;
  readonly maxMs: number;
}

function emptyHdr(): Histogram {
  return build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: SIGNIFICANT_DIGITS, useWebAssembly: false });
}

export class LatencyHistogram {
  private readonly hdr = emptyHdr();
  private sumMs = 0;
  private maxMs = 0;

  record(ms: number): void {
    this.hdr.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000))));
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  toData(): HistogramData {
    return { encoded: encodeIntoCompressedBase64(this.hdr), sumMs: this.sumMs, maxMs: this.maxMs };
  }

  /** Adds another histogram's counts (e.g. from another engine thread). */
  merge(data: HistogramData): void {
    const other = decodeFromCompressedBase64(data.encoded, 32, false);
    this.hdr.add(other);
    other.destroy();
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
