import { LatencyTally, type HistogramData } from './latency-tally.js';

/** One engine thread's count of one kind of request in a mixed run (kind-results.ts merges every thread's). */

export interface KindPart {
  readonly completed: number;
  readonly failed: number;
  readonly non2xx: number;
  readonly statuses: readonly (readonly [number, number])[];
  readonly histogram: HistogramData;
}

export class KindTally {
  private readonly histogram = new LatencyTally();
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
