/**
 * One measured value as the console shows it: fresh, stale (the last value, with why it could
 * not be refreshed), or unknown (never read, or the node has no such sensor or command).
 */
export type Metric<T> =
  | { readonly state: 'ok'; readonly value: T; /** ms since epoch */ readonly at: number }
  | { readonly state: 'stale'; readonly value: T; readonly at: number; readonly reason: string }
  | { readonly state: 'unknown'; readonly reason: string };

export const fresh = <T>(value: T, at: number): Metric<T> => ({ state: 'ok', value, at });
export const unknown = (reason: string): Metric<never> => ({ state: 'unknown', reason });

/** The previous value marked stale for `reason`, or unknown when there was none. */
export function staleOr<T>(previous: Metric<T>, reason: string): Metric<T> {
  if (previous.state === 'unknown') return unknown(reason);
  return { state: 'stale', value: previous.value, at: previous.at, reason };
}

/** The value, fresh or stale; undefined when unknown. */
export function valueOf<T>(metric: Metric<T>): T | undefined {
  return metric.state === 'unknown' ? undefined : metric.value;
}

/**
 * What an adapter read for one metric this poll. `missing`: the node has no such file, sensor
 * or command (the metric is unknown). `failed`: this attempt failed (the last value goes stale).
 */
export type RawRead<T = string> =
  | { readonly kind: 'read'; readonly value: T }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export const readValue = <T>(value: T): RawRead<T> => ({ kind: 'read', value });
export const readMissing = (reason: string): RawRead<never> => ({ kind: 'missing', reason });
export const readFailed = (reason: string): RawRead<never> => ({ kind: 'failed', reason });
