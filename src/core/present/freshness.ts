import type { ConnectionStatus as NodeConnection } from '../ports/node-transport.js';
import type { Metric } from '../health/metric.js';
import type { Segment, Tone } from './tone.js';
import { UNKNOWN_TEXT } from './units.js';

/** Marks a value that is the last one read, not a live one: "48%~". */
export const STALE_MARK = '~';

/** A metric as a screen shows it: fresh, stale (the last value, not refreshed) or unknown. */
export type Shown<T> =
  | { readonly kind: 'fresh'; readonly value: T }
  | { readonly kind: 'stale'; readonly value: T; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * What to show for a metric: stale when the prober could not refresh it, or when the node's
 * connection is not up (whatever the metric says, it is not being read now).
 */
export function shownMetric<T>(metric: Metric<T>, connection: Pick<NodeConnection, 'state'>): Shown<T> {
  if (metric.state === 'unknown') return { kind: 'unknown', reason: metric.reason };
  if (metric.state === 'stale') return { kind: 'stale', value: metric.value, reason: metric.reason };
  if (connection.state !== 'up') return { kind: 'stale', value: metric.value, reason: `node ${connection.state}` };
  return { kind: 'fresh', value: metric.value };
}

/** "48" fresh, "48~" stale, "-" unknown. */
export function shownText<T>(shown: Shown<T>, format: (value: T) => string): string {
  switch (shown.kind) {
    case 'fresh':
      return format(shown.value);
    case 'stale':
      return `${format(shown.value)}${STALE_MARK}`;
    case 'unknown':
      return UNKNOWN_TEXT;
  }
}

/** A fresh value in its own tone; stale and unknown ones dim (never shown as live). */
export function shownTone<T>(shown: Shown<T>, toneOf: (value: T) => Tone = () => 'normal'): Tone {
  return shown.kind === 'fresh' ? toneOf(shown.value) : 'dim';
}

/** Both at once: a cell of a metric. */
export function shownSegment<T>(shown: Shown<T>, format: (value: T) => string, toneOf?: (value: T) => Tone): Segment {
  return { text: shownText(shown, format), tone: shownTone(shown, toneOf) };
}
