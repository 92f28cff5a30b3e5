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
  /** Its 5xx answers during the run (HAProxy's hrsp_5xx), where read; runs saved before lack it. */
  readonly http5xx?: number;
}

export interface ShareResult {
  readonly servers: readonly ServerShare[];
  readonly total: number;
  /** Servers whose counter went backwards (HAProxy reloaded): their figure is the new count. */
  readonly reset: readonly string[];
  /** Servers present in only one of the two snapshots. */
  readonly appeared: readonly string[];
}

/** A counter's growth between two snapshots; a counter that went backwards (reload) counts from 0. */
function growth(before: ServerCounters, after: ServerCounters, server: string): number | undefined {
  const now = after.get(server);
  if (now === undefined) return undefined;
  const then = before.get(server);
  return then === undefined || now < then ? now : now - then;
}

export function serverShares(
  before: ServerCounters,
  after: ServerCounters,
  errors?: { readonly before: ServerCounters; readonly after: ServerCounters },
): ShareResult {
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
    servers: deltas.map(([server, requests]) => {
      const http5xx = errors === undefined ? undefined : growth(errors.before, errors.after, server);
      return { server, requests, share: total === 0 ? 0 : requests / total, ...(http5xx !== undefined && { http5xx }) };
    }),
    total,
    reset,
    appeared,
  };
}
