import type { ConnectionStatus as NodeConnection } from '../ports/node-transport.js';
import type { Metric } from '../health/metric.js';
import type { HealthOrigin } from '../health/node-health.js';
import { compactDuration } from './time.js';
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

/**
 * What a node's readings came over: its SSH connection, or — read from Prometheus — no link of
 * picon's that can be down (their age and the source's notes say how current they are).
 */
export function readingLink(row: { readonly connection: Pick<NodeConnection, 'state'>; readonly health: { readonly origin?: HealthOrigin } }): Pick<NodeConnection, 'state'> {
  return row.health.origin?.source === 'prometheus' ? { state: 'up' } : row.connection;
}

/** A reading's source and age in a few characters: `P 3s` (Prometheus, scraped 3 s ago); undefined over SSH. */
export function sourceAgeText(origin: HealthOrigin | undefined, now: number): string | undefined {
  if (origin?.source !== 'prometheus') return undefined;
  return origin.sampledAt === undefined ? 'P -' : `P ${compactDuration((now - origin.sampledAt) / 1000).replace(' ', '')}`;
}

/** In words, for details and notes: `Prometheus, scraped 3s ago` / `SSH, read 0s ago`. */
export function sourceAgeWords(origin: HealthOrigin | undefined, now: number): string {
  if (origin === undefined) return 'not read yet';
  const age = origin.sampledAt === undefined ? 'never' : `${compactDuration((now - origin.sampledAt) / 1000)} ago`;
  const words = origin.source === 'prometheus' ? `Prometheus, scraped ${age}` : `SSH, read ${age}`;
  return origin.note === undefined ? words : `${words} (${origin.note})`;
}

/** Whether a node counts as up in a header: its SSH connection is, or Prometheus's last scrape of it worked. */
export function nodeAnswering(row: { readonly connection: Pick<NodeConnection, 'state'>; readonly health: { readonly origin?: HealthOrigin } }): boolean {
  const o = row.health.origin;
  return o?.source === 'prometheus' ? o.note === undefined && o.sampledAt !== undefined : row.connection.state === 'up';
}
