import { describe, expect, it } from 'vitest';
import { diffPanes, synchronized } from '../../src/views/console/direct/pane-diff.js';

const at = (row: number, line: string) => `\u001b[${row};1H\u001b[2K${line}`;
const saved = (bytes: string) => `\u001b7${bytes}\u001b8`;

describe('diffPanes: the bytes from what the panes showed to what they show', () => {
  it('draws every non-blank row of a screen it has not drawn, at absolute rows (row 0 is terminal row 1)', () => {
    const { bytes, rows } = diffPanes(new Map(), [
      { top: 0, height: 2, lines: ['picon lab', 'req/s 5'] },
      { top: 4, height: 3, lines: ['NODE', '\u001b[1mp1\u001b[22m up'] },
    ]);
    expect(bytes).toBe(saved(at(1, 'picon lab') + at(2, 'req/s 5') + at(5, 'NODE') + at(6, '\u001b[1mp1\u001b[22m up')));
    expect([...rows]).toEqual([
      [0, 'picon lab'],
      [1, 'req/s 5'],
      [4, 'NODE'],
      [5, '\u001b[1mp1\u001b[22m up'],
    ]);
  });

  it('writes only the rows that changed; nothing at all when none did', () => {
    const before = diffPanes(new Map(), [{ top: 2, height: 3, lines: ['a', 'b', 'c'] }]).rows;
    expect(diffPanes(before, [{ top: 2, height: 3, lines: ['a', 'B', 'c'] }]).bytes).toBe(saved(at(4, 'B')));
    expect(diffPanes(before, [{ top: 2, height: 3, lines: ['a', 'b', 'c'] }]).bytes).toBe('');
  });

  it('erases a row whose line went away (a shorter event list), and forgets it', () => {
    const before = diffPanes(new Map(), [{ top: 0, height: 3, lines: ['x', 'y', 'z'] }]).rows;
    const { bytes, rows } = diffPanes(before, [{ top: 0, height: 3, lines: ['x'] }]);
    expect(bytes).toBe(saved(at(2, '') + at(3, '')));
    expect([...rows.keys()]).toEqual([0]);
  });

  it('keeps no memory of rows outside the panes now (a dialog took them: they are Ink\'s)', () => {
    const before = diffPanes(new Map(), [
      { top: 0, height: 1, lines: ['head'] },
      { top: 5, height: 2, lines: ['chart', 'chart'] },
    ]).rows;
    const { bytes, rows } = diffPanes(before, [{ top: 0, height: 1, lines: ['head'] }]);
    expect(bytes).toBe('');
    expect([...rows.keys()]).toEqual([0]);
  });

  it('wraps an update in synchronized-output escapes, and leaves nothing as nothing', () => {
    expect(synchronized('abc')).toBe('\u001b[?2026habc\u001b[?2026l');
    expect(synchronized('')).toBe('');
  });
});
