/**
 * Each HAProxy server's share of a run's requests, from its session counter (`stot`) before
 * and after. Pure: the counters come from whoever read `show stat`.
 */

/** "backend/server" → requests counted so far. */
export type ServerCounters = ReadonlyMap<string, number>;

export interface ServerShare {
  /** "backend/server". */
  readonly server: string;
  readonly requests: number;
  /** 0..1 of all the servers' requests in this run. */
  readonly share: number;
}

export interface ShareResult {
  readonly servers: readonly ServerShare[];
  readonly total: number;
  /** Servers whose counter went backwards (HAProxy reloaded): their figure is the new count. */
  readonly reset: readonly string[];
  /** Servers present in only one of the two snapshots. */
  readonly appeared: readonly string[];
}

export function serverShares(before: ServerCounters, after: ServerCounters): ShareResult {
  const reset: string[] = [];
  const appeared: string[] = [];
  const deltas: [string, number][] = [];
  for (const [server, now] of after) {
    const then = before.get(server);
    if (then === undefined) {
      appeared.push(server);
      deltas.push([server, now]);
    } else if (now < then) {
      reset.push(server);
      deltas.push([server, now]);
    } else {
      deltas.push([server, now - then]);
    }
  }
  for (const server of before.keys()) if (!after.has(server)) appeared.push(server);
  const total = deltas.reduce((sum, [, n]) => sum + n, 0);
  return {
    servers: deltas.map(([server, requests]) => ({ server, requests, share: total === 0 ? 0 : requests / total })),
    total,
    reset,
    appeared,
  };
}

/** How far HAProxy's total is from the engine's count, as a fraction of the engine's count. */
export function shareMismatch(shares: ShareResult, completed: number): number {
  if (completed === 0) return shares.total === 0 ? 0 : 1;
  return Math.abs(shares.total - completed) / completed;
}
