import type { ClusterState } from '../../core/cluster/cluster-state.js';
import type { ClusterSource } from './console-ports.js';

/**
 * A cluster source that can be swapped once the real one exists: the console draws its first
 * frame from the profile alone (every node "connecting") while connections are still being set up.
 * What was logged before the switch (a known_hosts warning, an interrupted action) moves with it.
 */
export interface SwitchableSource extends ClusterSource {
  switchTo(source: ClusterSource): void;
}

export function switchableSource(initial: ClusterSource): SwitchableSource {
  let current = initial;
  const listeners = new Set<(s: ClusterState) => void>();
  let detach = current.subscribe((s) => listeners.forEach((l) => l(s)));
  return {
    getState: () => current.getState(),
    dispatch: (m) => current.dispatch(m),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    switchTo(source) {
      detach();
      for (const { at, level, text } of current.getState().events) source.dispatch({ type: 'log', at, level, text });
      current = source;
      detach = current.subscribe((s) => listeners.forEach((l) => l(s)));
      const state = current.getState();
      listeners.forEach((l) => l(state));
    },
  };
}
