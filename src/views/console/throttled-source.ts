import type { ClusterState } from '../../core/cluster/cluster-state.js';
import type { ClusterSource } from './console-ports.js';

/**
 * At most one notification per `everyMs` (the last state wins): fifty nodes answering at fifty
 * moments of each second become a couple of frames, not fifty. Keys never wait on this; they
 * change the UI state, which has its own store.
 */
export function throttledSource(source: ClusterSource, everyMs: number): ClusterSource {
  return {
    getState: () => source.getState(),
    dispatch: (m) => source.dispatch(m),
    subscribe(listener) {
      let timer: NodeJS.Timeout | undefined;
      let last = 0;
      const fire = (): void => {
        timer = undefined;
        last = Date.now();
        listener(source.getState());
      };
      const unsubscribe = source.subscribe((_state: ClusterState) => {
        if (timer !== undefined) return;
        const wait = Math.max(0, last + everyMs - Date.now());
        timer = setTimeout(fire, wait);
        timer.unref?.();
      });
      return () => {
        if (timer !== undefined) clearTimeout(timer);
        unsubscribe();
      };
    },
  };
}
