import { takesTraffic } from '../haproxy/last-up-guard.js';
import type { ServerState } from '../haproxy/servers-state.js';
import type { AggregatedRecord } from '../haproxy/stat-aggregate.js';
import type { ServerStanding } from './rollout-batches.js';
import type { SavedServer } from './rollout-progress.js';

/** A rollout's reading of HAProxy's servers: who takes traffic, what to restore, when a check says UP. */

export function standingsOf(records: readonly AggregatedRecord[], backends: readonly string[]): ServerStanding[] {
  return records
    .filter((r) => r.type === 'server' && backends.includes(r.proxy))
    .map((r) => ({ backend: r.proxy, server: r.service, serving: takesTraffic(r), status: r.status?.raw.trim() ?? '?' }));
}

/** What `ready` restores: the forced admin state (maint before drain) and the weight it has now. */
export function savedServer(state: ServerState | undefined, backend: string, server: string, weight: number | null): SavedServer {
  const bits = state?.adminBits ?? 0;
  const admin = (bits & 0x01) !== 0 ? 'maint' : (bits & 0x08) !== 0 ? 'drain' : 'ready';
  return { backend, server, state: admin, weight: state?.userWeight ?? weight };
}

/**
 * Whether HAProxy's checks say the server is up: `UP` (or `DRAIN`/`NOLB`, up but held out by its
 * admin state). `DOWN 1/2` is still on its way up; `no check` is not a check at all.
 */
export function checkSaysUp(status: string | null): boolean {
  return status === 'UP' || status === 'DRAIN' || status === 'NOLB';
}
