import { reduceUi, type UiMessage } from './console-reducer.js';
import { initialUiState, type UiState } from './console-state.js';

/**
 * The console's UI state outside React, so key handling always reads the state after the
 * previous key (several keys can arrive in one chunk, before React renders).
 */
export interface UiStore {
  getState(): UiState;
  dispatch(message: UiMessage): void;
  subscribe(listener: () => void): () => void;
}

export function createUiStore(initial: UiState = initialUiState()): UiStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(message) {
      const next = reduceUi(state, message);
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
