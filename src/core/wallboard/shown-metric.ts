import type { ConnectionStatus } from '../ports/node-transport.js';
import type { Metric } from '../health/metric.js';

/** A metric as the wallboard shows it: fresh, stale (the last value, not refreshed) or unknown. */
export type Shown<T> =
  | { readonly kind: 'fresh'; readonly value: T }
  | { readonly kind: 'stale'; readonly value: T; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A reading older than this is shown stale even if the prober has not said so yet. */
export const STALE_AFTER_MS = 5000;

/**
 * What to show for a metric: a value read while the node's connection is not up, or longer than
 * STALE_AFTER_MS ago, is stale however the metric is marked.
 */
export function shownMetric<T>(metric: Metric<T>, connection: ConnectionStatus, now: number): Shown<T> {
  if (metric.state === 'unknown') return { kind: 'unknown', reason: metric.reason };
  if (metric.state === 'stale') return { kind: 'stale', value: metric.value, reason: metric.reason };
  if (connection.state !== 'up') return { kind: 'stale', value: metric.value, reason: `node ${connection.state}` };
  if (now - metric.at > STALE_AFTER_MS) return { kind: 'stale', value: metric.value, reason: 'not refreshed' };
  return { kind: 'fresh', value: metric.value };
}

/** "48" fresh, "~48" stale, "?" unknown: the wallboard's one convention. */
export function shownText<T>(shown: Shown<T>, format: (value: T) => string): string {
  switch (shown.kind) {
    case 'fresh':
      return format(shown.value);
    case 'stale':
      return `~${format(shown.value)}`;
    case 'unknown':
      return '?';
  }
}
