import type { ServerChange } from '../haproxy/runtime-commands.js';
import type { ServerState } from '../haproxy/servers-state.js';
import type { ServerRef } from '../profile/profile.js';

/**
 * What a reload would undo: a reload starts workers from haproxy.cfg, so servers put in drain or
 * maint, or given another weight, at runtime come back as configured. `weight --persist` reloads,
 * so it reads these first and sets them again on the new workers.
 */

export type RuntimeChange = { readonly ref: ServerRef } & ServerChange;

const FORCED_MAINT = 0x01;
const FORCED_DRAIN = 0x08;

export function runtimeChanges(states: readonly ServerState[], exclude: readonly ServerRef[]): RuntimeChange[] {
  const out: RuntimeChange[] = [];
  for (const s of states) {
    if (exclude.some((e) => e.backend === s.backend && e.server === s.server)) continue;
    const ref = { backend: s.backend, server: s.server };
    const bits = s.adminBits ?? 0;
    if ((bits & FORCED_MAINT) !== 0) out.push({ ref, kind: 'state', state: 'maint' });
    else if ((bits & FORCED_DRAIN) !== 0) out.push({ ref, kind: 'state', state: 'drain' });
    if (s.userWeight !== undefined && s.initialWeight !== undefined && s.userWeight !== s.initialWeight) {
      out.push({ ref, kind: 'weight', weight: s.userWeight });
    }
  }
  return out;
}

export function describeChange(change: RuntimeChange): string {
  const name = `${change.ref.backend}/${change.ref.server}`;
  return change.kind === 'state' ? `${name} ${change.state}` : `${name} weight ${change.weight}`;
}
