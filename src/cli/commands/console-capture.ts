import { formatWithOptions } from 'node:util';
import type { ClusterMessage } from '../../core/cluster/cluster-message.js';
import type { EventLevel } from '../../core/cluster/cluster-state.js';

const METHODS = ['log', 'info', 'debug', 'warn', 'error'] as const;
const LEVEL: Readonly<Record<(typeof METHODS)[number], EventLevel>> = { log: 'info', info: 'info', debug: 'info', warn: 'warn', error: 'error' };
/** An event is one line of the events pane: longer text is cut. */
const MAX_TEXT = 300;

/**
 * While the pane painter owns the screen, what any code prints with console.* would be painted
 * over (Ink's patchConsole writes it above a frame the painter then redraws). It goes to the
 * events pane instead, one line per call, marked `console:`. Returns the undo.
 */
export function captureConsole(dispatch: (message: ClusterMessage) => void, now: () => number = Date.now): () => void {
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const method of METHODS) {
    console[method] = (...args: unknown[]): void => {
      const text = formatWithOptions({ colors: false }, ...args).replace(/\s+/g, ' ').trim();
      dispatch({ type: 'log', at: now(), level: LEVEL[method], text: `console: ${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text}` });
    };
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
