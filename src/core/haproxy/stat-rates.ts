import { statKey, type StatCounter, type StatRecord } from './stat-record.js';

/**
 * Per-second rates from the counter deltas of two `show stat` polls. A counter that went down
 * (HAProxy reloaded or restarted) gives no rate this time — never a negative one.
 */

export interface StatSnapshot {
  /** When the poll was answered (ms, any monotonic clock). */
  readonly atMs: number;
  readonly records: readonly StatRecord[];
}

export interface StatRates {
  readonly requestsPerSecond?: number;
  readonly sessionsPerSecond?: number;
  readonly bytesInPerSecond?: number;
  readonly bytesOutPerSecond?: number;
  readonly http5xxPerSecond?: number;
  /** A counter went backwards since the previous poll: rates start again from the next one. */
  readonly reset: boolean;
}

const RATE_FIELDS = {
  requestsPerSecond: 'requestsTotal',
  sessionsPerSecond: 'totalSessions',
  bytesInPerSecond: 'bytesIn',
  bytesOutPerSecond: 'bytesOut',
  http5xxPerSecond: 'http5xx',
} as const satisfies Record<Exclude<keyof StatRates, 'reset'>, StatCounter>;

export function recordRates(prev: StatRecord, next: StatRecord, seconds: number): StatRates {
  const rates: { -readonly [K in keyof StatRates]: StatRates[K] } = { reset: false };
  if (!(seconds > 0)) return rates;
  for (const [rate, counter] of Object.entries(RATE_FIELDS) as [keyof typeof RATE_FIELDS, StatCounter][]) {
    const before = prev[counter];
    const now = next[counter];
    if (before === undefined || now === undefined) continue;
    if (now < before) rates.reset = true;
    else rates[rate] = (now - before) / seconds;
  }
  return rates;
}

/** Rates for every row present in both polls, keyed by `statKey` ("web/s1", "http/FRONTEND"). */
export function statRates(prev: StatSnapshot, next: StatSnapshot): ReadonlyMap<string, StatRates> {
  const seconds = (next.atMs - prev.atMs) / 1000;
  const before = new Map(prev.records.map((r) => [statKey(r), r]));
  const rates = new Map<string, StatRates>();
  for (const record of next.records) {
    const then = before.get(statKey(record));
    if (then !== undefined) rates.set(statKey(record), recordRates(then, record, seconds));
  }
  return rates;
}
