import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { cells, fitSegments, narrow, paintLine, plainLine } from '../../src/views/console/render/paint.js';
import { seg } from '../../src/core/present/tone.js';
import { renderConsole, type RenderedConsole } from '../support/render-console.js';
import { liveClusterState } from '../support/console-fixture.js';

describe('narrow: every character one cell', () => {
  it.each([
    ['plain ASCII stays', 'p1 up 13%', 'p1 up 13%'],
    ['Latin-1, Greek, Cyrillic stay', '40.0°C Grüße αβ жук', '40.0°C Grüße αβ жук'],
    ['the console glyphs stay', '▸ ✓✗ … ─┤ ⣿⠁ ▁▅█ ▏▉', '▸ ✓✗ … ─┤ ⣿⠁ ▁▅█ ▏▉'],
    ['wide CJK becomes ?', '節点1', '??1'],
    ['emoji becomes ?', 'up 🚀 ⚡', 'up ? ?'],
    ['zero-width and combining marks become ?', 'a\u200bb e\u0301', 'a?b e?'],
    ['controls become spaces', 'a\tb\nc', 'a b c'],
  ])('%s', (_, input, expected) => {
    expect(narrow(input)).toBe(expected);
    expect(cells(narrow(input))).toBe([...expected].length);
  });
});

describe('fitSegments and paintLine', () => {
  const line = [seg('w01 ', 'normal'), seg('DOWN', 'bad'), seg(' connection refused', 'dim')];

  it('cuts at the width with an ellipsis, keeping each part its tone', () => {
    expect(fitSegments(line, 10)).toEqual([seg('w01 '), seg('DOWN', 'bad'), seg(' …', 'dim')]);
    expect(plainLine(line, 10)).toBe('w01 DOWN …');
  });

  it('pads to the width when asked, and leaves a line that fits alone', () => {
    expect(fitSegments([seg('abc')], 6, true).map((s) => s.text).join('')).toBe('abc   ');
    expect(plainLine(line, 80)).toBe('w01 DOWN connection refused');
  });

  describe('with a colour terminal', () => {
    const level = chalk.level;
    afterEach(() => {
      chalk.level = level;
    });

    it('paints tones as Ink would (red bold for bad, dim for dim), and no codes for plain text', () => {
      chalk.level = 1;
      const painted = paintLine(line, 80, true);
      expect(painted).toContain('\u001b[31m\u001b[1mDOWN');
      expect(painted).toContain('\u001b[2m connection refused');
      expect(painted.startsWith('w01 ')).toBe(true);
      expect(paintLine([seg('plain')], 80, true)).toBe('plain');
    });

    it('without colour (NO_COLOR) keeps bold and inverse but no colour codes', () => {
      chalk.level = 1;
      const painted = paintLine([seg('sel', 'selected'), seg('bad', 'bad')], 80, false);
      expect(painted).toContain('\u001b[7m');
      expect(painted).not.toMatch(/\u001b\[3[0-7]m/);
    });
  });
});

describe('painted panes on screen', () => {
  let view: RenderedConsole | undefined;
  afterEach(() => view?.unmount());

  it('a node name with wide characters shows as ? so the table stays aligned', async () => {
    const { profile, state } = liveClusterState();
    const renamed = { ...profile, workers: profile.workers.map((w, i) => (i === 0 ? { ...w, name: '節点' } : w)) };
    const nodes = state.nodes.map((n, i) => (i === 1 ? { ...n, spec: { ...n.spec, name: '節点' } } : n));
    view = await renderConsole({ profile: { ...renamed, nodes: [renamed.head, ...renamed.workers] }, state: { ...state, nodes } });
    const lines = view.frame().split('\n');
    const head = lines.find((l) => l.includes('NODE'));
    const row = lines.find((l) => l.includes('??'));
    expect(view.frame()).not.toContain('節');
    // Every character is one cell now, so string positions are screen columns.
    expect(head?.indexOf('SSH')).toBe((row?.indexOf(' up ') ?? 0) + 1);
  });
});
