import type { RolloutNode } from '../../core/rollout/resolve-rollout.js';
import type { SavedServer } from '../../core/rollout/rollout-progress.js';
import { savedServer } from '../../core/rollout/server-standing.js';
import type { ServersSnapshot } from './read-servers.js';

/** What `ready` will restore for a node: each server's admin state and weight as HAProxy has them now. */
export function saved(snapshot: ServersSnapshot, target: RolloutNode): SavedServer[] {
  return target.servers.map((ref) => {
    const state = snapshot.states.find((s) => s.backend === ref.backend && s.server === ref.server);
    return savedServer(state, ref.backend, ref.server, snapshot.view(ref).weight);
  });
}
