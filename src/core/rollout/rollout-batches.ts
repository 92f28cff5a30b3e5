import type { ServerRef } from '../profile/profile.js';
import type { Result } from '../result.js';

/**
 * Which nodes go together, batch by batch, so that no backend is ever left without a server
 * taking traffic: a batch shrinks where taking one more node out would empty a backend, and the
 * rollout is refused up front when a single node already would (docs/actions.md#rollout).
 */

export interface RolloutTarget {
  readonly node: string;
  readonly servers: readonly ServerRef[];
}

/** One HAProxy server as the plan sees it: whether it takes new requests now, and its status in HAProxy's words. */
export interface ServerStanding {
  readonly backend: string;
  readonly server: string;
  readonly serving: boolean;
  readonly status: string;
}

/** while-running: out only during its batch (restart); for-good: stays out (drain, maint, weight 0). */
export type Removal = 'while-running' | 'for-good' | 'none';

export interface BatchPlan {
  readonly batches: readonly (readonly string[])[];
  /** Why a batch is smaller than asked, one line each. */
  readonly notes: readonly string[];
}

const key = (backend: string, server: string) => `${backend}/${server}`;

function emptied(targets: readonly RolloutTarget[], out: ReadonlySet<string>, servers: readonly ServerStanding[]): { backend: string; node: string } | undefined {
  for (const t of targets) {
    for (const ref of t.servers) {
      const inBackend = servers.filter((s) => s.backend === ref.backend);
      if (!inBackend.some((s) => s.serving && !out.has(key(s.backend, s.server)))) return { backend: ref.backend, node: t.node };
    }
  }
  return undefined;
}

function others(backend: string, servers: readonly ServerStanding[], except: ReadonlySet<string>): string {
  const rest = servers.filter((s) => s.backend === backend && !except.has(key(s.backend, s.server)));
  return rest.length === 0 ? 'no other server' : rest.map((s) => `${s.server} ${s.status}`).join(', ');
}

const serversOf = (targets: readonly RolloutTarget[]) => new Set(targets.flatMap((t) => t.servers.map((r) => key(r.backend, r.server))));

export function planBatches(targets: readonly RolloutTarget[], servers: readonly ServerStanding[], batch: number, removal: Removal): Result<BatchPlan> {
  const known = new Set(servers.map((s) => key(s.backend, s.server)));
  for (const t of targets) {
    const missing = t.servers.find((r) => !known.has(key(r.backend, r.server)));
    if (missing !== undefined) return { ok: false, reason: `HAProxy has no server ${key(missing.backend, missing.server)} (node ${t.node}); nothing was changed` };
  }
  if (removal === 'none') {
    const batches: string[][] = [];
    for (let i = 0; i < targets.length; i += batch) batches.push(targets.slice(i, i + batch).map((t) => t.node));
    return { ok: true, value: { batches, notes: [] } };
  }
  if (removal === 'for-good') {
    const all = serversOf(targets);
    const empty = emptied(targets, all, servers);
    if (empty !== undefined) {
      return { ok: false, reason: `it would leave backend ${empty.backend} with no server taking traffic (the others: ${others(empty.backend, servers, all)}); leave at least one serving node out of --workers` };
    }
  }
  for (const t of targets) {
    const alone = serversOf([t]);
    const empty = emptied([t], alone, servers);
    if (empty !== undefined) {
      return { ok: false, reason: `${t.node} is the only server taking traffic in backend ${empty.backend} (the others: ${others(empty.backend, servers, alone)}); taking it out would answer 503 — ready another server first` };
    }
  }
  const batches: string[][] = [];
  const notes: string[] = [];
  const done: RolloutTarget[] = [];
  let current: RolloutTarget[] = [];
  const close = (shrunk: string | undefined) => {
    if (current.length === 0) return;
    if (shrunk !== undefined) notes.push(`batch ${batches.length + 1} is ${current.map((t) => t.node).join(', ')} (${current.length} of ${batch}): ${shrunk}`);
    batches.push(current.map((t) => t.node));
    if (removal === 'for-good') done.push(...current);
    current = [];
  };
  for (const t of targets) {
    if (current.length < batch) {
      const trial = [...done, ...current, t];
      const empty = emptied(trial, serversOf(trial), servers);
      if (empty === undefined) {
        current.push(t);
        continue;
      }
      close(`with ${t.node} too, backend ${empty.backend} would have no server taking traffic`);
    } else close(undefined);
    current = [t];
  }
  close(undefined);
  return { ok: true, value: { batches, notes } };
}
