import { describe, expect, it } from 'vitest';
import { KEYMAP, keymapFor } from '../../src/views/console/keymap.js';
import { helpScreen, helpSections, LABEL_WIDTH, shortened, wrapWords, type HelpScreen } from '../../src/views/console/render/help-lines.js';

/** The overlay's text as the console draws it: label padded, columns side by side, two cells apart. */
function rowsOf(screen: HelpScreen): string[] {
  const { columns, columnWidth } = screen.layout;
  const height = Math.max(...columns.map((c) => c.length));
  const body = Array.from({ length: height }, (_, i) =>
    columns
      .map((c) => {
        const r = c[i];
        const text = r === undefined ? '' : r.kind === 'key' ? `${r.label.padEnd(LABEL_WIDTH)}${r.text}` : r.text;
        return text.padEnd(columnWidth);
      })
      .join('  ')
      .trimEnd(),
  );
  return [screen.title, ...body, ...screen.footnote];
}

const joined = (screen: HelpScreen): string => screen.layout.columns.flat().map((r) => r.text).join(' ');

describe('the help overlay fits its terminal', () => {
  it.each([80, 100, 120, 200])('at %i columns (40 rows): no line cut or wider than the box, every key and all of its description shown', (columns) => {
    const rows = 40 - 1 - 4; // the body of a 40-row screen: header 2, status and footer 1 each, one row spare
    const screen = helpScreen(KEYMAP, { readOnly: false, staleMark: '~', columns, rows });
    const lines = rowsOf(screen);
    expect(lines.length + 2).toBeLessThanOrEqual(rows);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns - 4);
    expect(lines.join('\n')).not.toContain('…');
    expect(screen.layout.columns.flat().some((r) => r.kind === 'more')).toBe(false);
    const labels = screen.layout.columns.flat().filter((r) => r.kind === 'key' && r.label !== '').map((r) => r.label);
    const expected = helpSections(KEYMAP).flatMap((s) => s.bindings.map((b) => b.label));
    expect(labels).toEqual(expected);
    const text = joined(screen);
    for (const b of KEYMAP) expect(text).toContain(b.description.split(/\s+/).join(' ').slice(0, 20));
    for (const b of KEYMAP) for (const word of b.description.split(/\s+/)) expect(text).toContain(word);
  });

  it.each([80, 100, 120, 200])('at %i columns and 24 rows every key is still there, in columns, one row each at the shortest', (columns) => {
    const rows = 24 - 1 - 4;
    const screen = helpScreen(KEYMAP, { readOnly: false, staleMark: '~', columns, rows });
    const lines = rowsOf(screen);
    expect(lines.length + 2).toBeLessThanOrEqual(rows);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns - 4);
    const labels = screen.layout.columns.flat().filter((r) => r.kind === 'key' && r.label !== '');
    expect(labels).toHaveLength(KEYMAP.length);
    // A cut description ends after a whole word, with "…".
    for (const r of screen.layout.columns.flat()) if (r.text.endsWith('…')) expect(KEYMAP.some((b) => b.description.startsWith(`${r.text.slice(0, -1)} `))).toBe(true);
  });

  it('read-only: the dangerous keys are not listed and the title says why', () => {
    const screen = helpScreen(keymapFor({ readOnly: true }), { readOnly: true, staleMark: '~', columns: 80, rows: 35 });
    expect(screen.title).toBe('Keys (read-only: actions are off)  ·  ? or Esc closes');
    expect(joined(screen)).not.toContain('Drain the selected node');
  });

  it('a terminal too short even for one row per key says how many are left out', () => {
    const screen = helpScreen(KEYMAP, { readOnly: false, staleMark: '~', columns: 80, rows: 10 });
    const rows = screen.layout.columns.flat();
    const shown = rows.filter((r) => r.kind === 'key').length;
    expect(rows.at(-1)?.text).toBe(`${KEYMAP.length - shown} more keys need a taller terminal`);
  });
});

describe('wrapWords and shortened', () => {
  it.each([
    ['fits', 'a b c', 10, ['a b c']],
    ['breaks between words', 'alpha beta gamma', 10, ['alpha beta', 'gamma']],
    ['splits a word longer than the width', 'abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
    ['empty', '', 5, ['']],
  ])('wrapWords: %s', (_n, text, width, expected) => {
    expect(wrapWords(text, width)).toEqual(expected);
  });
  it.each([
    ['whole when it fits', 'Next choice', 20, 'Next choice'],
    ['cut after a word', 'Select the node above', 12, 'Select the…'],
  ])('shortened: %s', (_n, text, width, expected) => {
    expect(shortened(text, width)).toBe(expected);
  });
});
