import { LatencyHistogram, type HistogramData } from './latency-histogram.js';
import type { KindResult } from './load-test-result.js';
import type { MixKind } from './mix.js';

/** One engine thread's count of one kind of request in a mixed run, and the merge of every thread's. */

export interface KindPart {
  readonly completed: number;
  readonly failed: number;
  readonly non2xx: number;
  readonly statuses: readonly (readonly [number, number])[];
  readonly histogram: HistogramData;
}

export class KindTally {
  private readonly histogram = new LatencyHistogram();
  private readonly statuses = new Map<number, number>();
  private completed = 0;
  private failed = 0;
  private non2xx = 0;

  response(status: number, ms: number): void {
    this.completed++;
    if (status < 200 || status > 299) this.non2xx++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.histogram.record(ms);
  }

  error(): void {
    this.failed++;
  }

  toPart(): KindPart {
    return { completed: this.completed, failed: this.failed, non2xx: this.non2xx, statuses: [...this.statuses], histogram: this.histogram.toData() };
  }
}

/** Every thread's parts of each kind → one result per kind, in the mix's order. */
export function combineKinds(kinds: readonly MixKind[], parts: readonly (readonly KindPart[])[]): KindResult[] {
  return kinds.map((kind, i) => {
    const histogram = new LatencyHistogram();
    const statuses = new Map<number, number>();
    let completed = 0;
    let failed = 0;
    let non2xx = 0;
    for (const threadParts of parts) {
      const part = threadParts[i];
      if (part === undefined) continue;
      histogram.merge(part.histogram);
      for (const [status, n] of part.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
      completed += part.completed;
      failed += part.failed;
      non2xx += part.non2xx;
    }
    return {
      name: kind.name,
      method: kind.method,
      path: kind.path,
      weight: kind.weight,
      completed,
      failed,
      non2xx,
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n])),
      meanTimePerRequestMs: histogram.mean() ?? 0,
      latency: { p50Ms: histogram.percentile(50), p95Ms: histogram.percentile(95), p99Ms: histogram.percentile(99), maxMs: histogram.max() },
    };
  });
}
