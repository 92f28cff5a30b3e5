import { formatWithOptions } from 'node:util';
import type { ClusterMessage } from '../../core/cluster/cluster-message.js';
import type { EventLevel } from '../../core/cluster/cluster-state.js';

type Dispatch = (message: ClusterMessage) => void;

const METHODS = ['log', 'info', 'debug', 'warn', 'error'] as const;
const LEVEL: Readonly<Record<(typeof METHODS)[number], EventLevel>> = { log: 'info', info: 'info', debug: 'info', warn: 'warn', error: 'error' };
/** An event is one line of the events pane: longer text is cut. */
const MAX_TEXT = 300;

/**
 * While the pane painter owns the screen, what any code prints with console.* would be painted
 * over (Ink's patchConsole writes it above a frame the painter then redraws). It goes to the
 * events pane instead, one line per call, marked `console:`. Returns the undo.
 */
export function captureConsole(dispatch: Dispatch, now: () => number = Date.now): () => void {
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const method of METHODS) {
    console[method] = (...args: unknown[]): void => {
      const text = formatWithOptions({ colors: false }, ...args).replace(/\s+/g, ' ').trim();
      dispatch({ type: 'log', at: now(), level: LEVEL[method], text: `console: ${oneLine(text)}` });
    };
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}

/**
 * The same for what code writes straight to a terminal's stderr (the `debug` package, say): each
 * line becomes an event marked `stderr:`. Only where stderr is the console's terminal; redirected,
 * it stays where the user sent it. Returns the undo, which also hands in a last unended line.
 */
export function captureStderr(stream: NodeJS.WriteStream, dispatch: Dispatch, now: () => number = Date.now): () => void {
  if (stream.isTTY !== true) return () => undefined;
  const original = stream.write;
  let partial = '';
  const emit = (line: string): void => {
    const text = stripTerminalCodes(line).replace(/\s+/g, ' ').trim();
    if (text !== '') dispatch({ type: 'log', at: now(), level: 'warn', text: `stderr: ${oneLine(text)}` });
  };
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > MAX_TEXT) {
      lines.push(partial);
      partial = '';
    }
    for (const line of lines) emit(line);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as (error?: Error | null) => void)(null));
    return true;
  };
  stream.write = write as typeof stream.write;
  return () => {
    stream.write = original;
    emit(partial);
    partial = '';
  };
}

function oneLine(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** Colour and cursor sequences a library meant for a terminal: on a pane line they would be noise. */
function stripTerminalCodes(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}
