import type { ClusterMessage } from '../../core/cluster/cluster-message.js';
import { reduceCluster, serverOwners } from '../../core/cluster/cluster-reducer.js';
import type { ClusterState } from '../../core/cluster/cluster-state.js';

export interface ClusterStore {
  getState(): ClusterState;
  dispatch(message: ClusterMessage): void;
  /** Called after changes, at most once per `notifyMs` (many nodes report in the same second). */
  subscribe(listener: (state: ClusterState) => void): () => void;
}

export function createClusterStore(initial: ClusterState, notifyMs = 50): ClusterStore {
  let state = initial;
  const owners = serverOwners(initial);
  const listeners = new Set<(s: ClusterState) => void>();
  let pending: NodeJS.Timeout | undefined;
  const notify = (): void => {
    pending = undefined;
    for (const l of [...listeners]) l(state);
  };
  return {
    getState: () => state,
    dispatch(message) {
      state = reduceCluster(state, message, owners);
      if (pending === undefined && listeners.size > 0) {
        pending = setTimeout(notify, notifyMs);
        pending.unref?.();
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
