/**
 * The bytes that bring the painted panes on screen from what they showed to what they show now:
 * only the rows that changed, each addressed absolutely (row 1 is the frame's first row, as the
 * console starts Ink's frame at the top of the alternate screen), erased and rewritten, all
 * between save and restore cursor so Ink's relative cursor moves still start where Ink left it.
 */

export const SAVE_CURSOR = '\u001b7';
export const RESTORE_CURSOR = '\u001b8';
export const BEGIN_SYNC = '\u001b[?2026h';
export const END_SYNC = '\u001b[?2026l';
const ERASE_LINE = '\u001b[2K';

/** A pane's finished lines (styled, cut to width) for the rows top … top + height − 1; missing lines are blank. */
export interface PaneLines {
  readonly top: number;
  readonly height: number;
  readonly lines: readonly string[];
}

/** Screen row (0-based) → the line painted there; a row not in the map is blank. */
export type PaintedRows = ReadonlyMap<number, string>;

export interface PaneDiff {
  /** Empty when nothing changed. */
  readonly bytes: string;
  /** What the panes' rows show after `bytes` (only rows inside the panes). */
  readonly rows: PaintedRows;
}

export function diffPanes(previous: PaintedRows, panes: readonly PaneLines[]): PaneDiff {
  const rows = new Map<number, string>();
  let out = '';
  for (const pane of panes) {
    for (let i = 0; i < pane.height; i++) {
      const row = pane.top + i;
      const line = pane.lines[i] ?? '';
      if (line !== '') rows.set(row, line);
      if ((previous.get(row) ?? '') !== line) out += `\u001b[${row + 1};1H${ERASE_LINE}${line}`;
    }
  }
  return { bytes: out === '' ? '' : `${SAVE_CURSOR}${out}${RESTORE_CURSOR}`, rows };
}

/** Bytes drawn as one update by terminals that support synchronized output (others ignore the escapes). */
export const synchronized = (bytes: string): string => (bytes === '' ? '' : `${BEGIN_SYNC}${bytes}${END_SYNC}`);
