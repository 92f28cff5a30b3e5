import { BEGIN_SYNC, END_SYNC } from './pane-diff.js';

/** Cursor home and erase to the end of the screen: Ink's frame starts at row 1 whatever its relative moves assume. */
export const ANCHOR = '\u001b[H\u001b[J';
const CURSOR_ONLY = /^\u001b\[\?25[hl]$/;

/**
 * The stdout Ink writes to, around the real one: after each frame Ink writes (it erases every
 * line of its last frame, the panes' rows with them, and draws the new one) `afterFrame`'s bytes
 * follow, before Ink's end-of-synchronized-update escape when there is one, so the panes are
 * back in the same terminal update. Each write of Ink's other than the synchronized-update and
 * cursor-visibility escapes is anchored at the top of the screen: Ink's erase is relative to where
 * it believes the cursor is, and after a resize the terminal may not agree; the panes are drawn at
 * absolute rows, so the frame must be there too. Everything else (size, events, isTTY) is the real stream's.
 */
export function inkStdout<S extends NodeJS.WriteStream>(stdout: S, afterFrame: () => string): S {
  let inUpdate = false;
  let framePending = false;
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : String(chunk);
    const pass = (bytes: string): boolean => (stdout.write as (c: string, ...r: unknown[]) => boolean)(bytes, ...rest);
    if (text === BEGIN_SYNC) {
      inUpdate = true;
      return pass(text);
    }
    if (text === END_SYNC) {
      inUpdate = false;
      if (!framePending) return pass(text);
      framePending = false;
      return pass(afterFrame() + text);
    }
    if (CURSOR_ONLY.test(text) || text === '') return pass(text);
    if (inUpdate) {
      framePending = true;
      return pass(ANCHOR + text);
    }
    return pass(ANCHOR + text + afterFrame());
  };
  return new Proxy(stdout, {
    get(target, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
