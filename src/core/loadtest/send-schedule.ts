/**
 * A fixed-rate run's schedule (as wrk2 does it): `rate` requests a second in total, shared evenly
 * by every connection of every thread. Connection g of C sends its k-th request at
 * (k + g / C) · C / rate seconds after the start, so the sends of all connections interleave one
 * every 1 / rate seconds. A connection still waiting for its previous response sends as soon as
 * it comes; the latency is counted from the scheduled time, so the wait is in it. Pure.
 */

export interface SendSchedule {
  /** Requests a second, every connection together. */
  readonly rate: number;
  /** This connection's place among all of the run's connections (0-based). */
  readonly connection: number;
  readonly connections: number;
}

/** Milliseconds between one connection's sends. */
export function sendIntervalMs(s: Pick<SendSchedule, 'rate' | 'connections'>): number {
  return (s.connections * 1000) / s.rate;
}

/** When (ms after the start) the connection's k-th request (0-based) is due. */
export function dueAtMs(s: SendSchedule, k: number): number {
  return (k + s.connection / s.connections) * sendIntervalMs(s);
}

/** How many of the connection's requests fall due before `elapsedMs` after the start. */
export function dueBefore(s: SendSchedule, elapsedMs: number): number {
  return Math.max(0, Math.ceil(elapsedMs / sendIntervalMs(s) - s.connection / s.connections));
}

/** How many requests the whole run's schedule calls for in its first `elapsedMs`. */
export function scheduledRequests(rate: number, connections: number, elapsedMs: number): number {
  let total = 0;
  for (let g = 0; g < connections; g++) total += dueBefore({ rate, connection: g, connections }, elapsedMs);
  return total;
}
