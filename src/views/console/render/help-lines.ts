import type { KeyBinding, KeyContext } from '../keymap.js';

/** The `?` overlay laid out as plain text: sections of keys in columns, descriptions wrapped, never cut. */

const SECTIONS: readonly { readonly title: string; readonly contexts: readonly KeyContext[] }[] = [
  { title: 'Nodes and details', contexts: ['nodes', 'details'] },
  { title: 'Load-test results (l)', contexts: ['loadtests'] },
  { title: 'Dialogs', contexts: ['confirm', 'picker', 'prompt', 'text'] },
];

/** The key labels' column: the longest label ("Tab/←/→") and a space. */
export const LABEL_WIDTH = 9;
/** Below this a column would hold only a word or two of each description. */
const MIN_COLUMN = 36;
const COLUMN_GAP = 2;

export interface HelpRow {
  readonly kind: 'title' | 'key' | 'more';
  /** The key's label on its first row; '' on a wrapped row. */
  readonly label: string;
  readonly text: string;
}

export interface HelpLayout {
  readonly columns: readonly (readonly HelpRow[])[];
  readonly columnWidth: number;
}

/** One entry of the overlay: a section title, or a key with its description in rows of `width`. */
type Block = readonly HelpRow[];

/** Words into lines of at most `width` cells; a word longer than that is split. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while (rest.length > width) {
      if (line !== '') lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    if (line === '') line = rest;
    else if (line.length + 1 + rest.length <= width) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Every binding once, under the first section it works in. */
export function helpSections(keymap: readonly KeyBinding[]): { readonly title: string; readonly bindings: readonly KeyBinding[] }[] {
  const seen = new Set<KeyBinding>();
  const sections: { title: string; bindings: KeyBinding[] }[] = [];
  for (const s of SECTIONS) {
    const own = keymap.filter((b) => !seen.has(b) && b.contexts.some((c) => s.contexts.includes(c)));
    own.forEach((b) => seen.add(b));
    if (own.length > 0) sections.push({ title: s.title, bindings: own });
  }
  return sections;
}

/** `text` in `width` cells: whole, or cut after a word with "…". */
export function shortened(text: string, width: number): string {
  if (text.length <= width) return text;
  const words = wrapWords(text, Math.max(1, width - 1));
  return `${words[0] ?? ''}…`;
}

function blocksOf(keymap: readonly KeyBinding[], columnWidth: number, oneRow = false): Block[] {
  const blocks: Block[] = [];
  for (const s of helpSections(keymap)) {
    blocks.push(wrapWords(s.title, columnWidth).map((text) => ({ kind: 'title', label: '', text })));
    for (const b of s.bindings) {
      const room = Math.max(1, columnWidth - LABEL_WIDTH);
      const lines = oneRow ? [shortened(b.description, room)] : wrapWords(b.description, room);
      blocks.push(lines.map((text, i) => ({ kind: 'key', label: i === 0 ? b.label : '', text })));
    }
  }
  return blocks;
}

/** Blocks into columns of at most `room` rows, a block never split; undefined when they do not fit in `count`. */
function pack(blocks: readonly Block[], room: number, count: number): HelpRow[][] | undefined {
  const columns: HelpRow[][] = [[]];
  for (const block of blocks) {
    let current = columns[columns.length - 1] as HelpRow[];
    if (current.length > 0 && current.length + block.length > room) {
      if (columns.length === count) return undefined;
      current = [];
      columns.push(current);
    }
    if (block.length > room) return undefined;
    current.push(...block);
  }
  return columns;
}

/**
 * The overlay for an inner area of `width` × `room`: the fewest columns that hold every key
 * without cutting a line. Where even the most columns do not hold them all (a short terminal),
 * one row per key, long descriptions cut after a word with "…"; where even that does not hold
 * them, the last row says how many keys are left out rather than hiding them silently.
 */
export function helpLayout(keymap: readonly KeyBinding[], width: number, room: number): HelpLayout {
  const rows = Math.max(1, room);
  const most = Math.max(1, Math.floor((width + COLUMN_GAP) / (MIN_COLUMN + COLUMN_GAP)));
  for (let count = 1; count <= most; count++) {
    const columnWidth = count === 1 ? width : Math.floor((width - COLUMN_GAP * (count - 1)) / count);
    const columns = pack(blocksOf(keymap, columnWidth), rows, count);
    if (columns !== undefined) return { columns, columnWidth };
  }
  const columnWidth = most === 1 ? width : Math.floor((width - COLUMN_GAP * (most - 1)) / most);
  const blocks = blocksOf(keymap, columnWidth, true);
  const oneRowEach = pack(blocks, rows, most);
  if (oneRowEach !== undefined) return { columns: oneRowEach, columnWidth };
  // The last column keeps one row for the line that says what is left out.
  const limit = (index: number): number => (index === most - 1 ? rows - 1 : rows);
  const columns: HelpRow[][] = [[]];
  let shown = 0;
  for (const block of blocks) {
    let index = columns.length - 1;
    if ((columns[index] as HelpRow[]).length + block.length > limit(index)) {
      if (index === most - 1) break;
      columns.push([]);
      index++;
      if (block.length > limit(index)) break;
    }
    (columns[index] as HelpRow[]).push(...block);
    shown++;
  }
  const left = blocks.slice(shown).filter((b) => b[0]?.kind === 'key').length;
  const more = shortened(`${left} more keys need a taller terminal`, columnWidth);
  (columns[columns.length - 1] as HelpRow[]).push({ kind: 'more', label: '', text: more });
  return { columns, columnWidth };
}

export interface HelpScreen {
  readonly title: string;
  readonly layout: HelpLayout;
  readonly footnote: readonly string[];
  /** The width inside the overlay's border and padding. */
  readonly inner: number;
}

/** The whole overlay for a body of `columns` × `rows` cells; border and padding take 4 columns and 2 rows. */
export function helpScreen(keymap: readonly KeyBinding[], options: { readonly readOnly: boolean; readonly staleMark: string; readonly columns: number; readonly rows: number }): HelpScreen {
  const inner = Math.max(1, options.columns - 4);
  const title = shortened(`Keys${options.readOnly ? ' (read-only: actions are off)' : ''}  ·  ? or Esc closes`, inner);
  const footnote = wrapWords(`${options.staleMark} after a value: stale (the last read). DOWN rows say why and since when.`, inner);
  const room = Math.max(1, options.rows - 3 - footnote.length);
  return { title, layout: helpLayout(keymap, inner, room), footnote, inner };
}
