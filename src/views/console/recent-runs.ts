import type { ConsoleDeps } from './console-ports.js';
import type { UiStore } from './ui-store.js';

/** How many runs the results view reads: the comparison shows as many of them as fit. */
export const RECENT_RUNS = 12;

export interface RunsLoader {
  /** Reads the profile's last runs into the UI state (the results view shows them). */
  reload(): void;
}

/** Reads through deps.loadTestHistory when asked; a read that a later one overtook is dropped. */
export function createRunsLoader(deps: ConsoleDeps, ui: UiStore): RunsLoader {
  let latest = 0;
  return {
    reload() {
      const history = deps.loadTestHistory;
      if (history === undefined) return ui.dispatch({ type: 'runs', runs: { state: 'loaded', records: [] } });
      const id = ++latest;
      if (ui.getState().runs === undefined) ui.dispatch({ type: 'runs', runs: { state: 'loading' } });
      history.recent(RECENT_RUNS).then(
        (records) => {
          if (id === latest) ui.dispatch({ type: 'runs', runs: { state: 'loaded', records } });
        },
        (error: unknown) => {
          if (id === latest) ui.dispatch({ type: 'runs', runs: { state: 'failed', reason: error instanceof Error ? error.message : String(error) } });
        },
      );
    },
  };
}
