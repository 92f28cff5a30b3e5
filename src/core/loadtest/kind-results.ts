import type { KindPart } from './kind-tally.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { KindResult } from './load-test-result.js';
import type { MixKind } from './mix.js';

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
