import { describe, expect, it } from 'vitest';
import { brailleChart } from '../../src/views/console/format/braille-chart.js';
import { shareBar, sparkline } from '../../src/views/console/format/sparkline.js';

describe('console drawings', () => {
  it('sparkline: scaled to the largest sample, gaps as spaces, left-padded', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe('▁▂▃▅█');
    expect(sparkline([8, undefined, 8], 5)).toBe('  █ █');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([1, 2, 3, 4], 2)).toHaveLength(2);
    expect(sparkline([5], 0)).toBe('');
    expect(sparkline([5, 10], 2, 20)).toBe('▃▅');
  });

  it('share bars in eighths', () => {
    expect(shareBar(0.5, 4)).toBe('██  ');
    expect(shareBar(1, 3)).toBe('███');
    expect(shareBar(0, 3)).toBe('   ');
    expect(shareBar(1 / 16, 2)).toBe('▏ ');
    expect(shareBar(2, 2)).toBe('██');
  });

  it('braille chart: height rows of width characters, a rising line bottom-left to top-right', () => {
    const rows = brailleChart([0, 1, 2, 3, 4, 5, 6, 7], { width: 4, height: 2 });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => [...r].length === 4)).toBe(true);
    expect(rows[1]![0]).not.toBe(' ');
    expect(rows[0]![0]).toBe(' ');
    expect(rows[0]![3]).not.toBe(' ');
  });

  it('braille chart: a gap leaves its column empty; no samples → blank; too small → nothing', () => {
    const rows = brailleChart([5, 5, undefined, undefined, 5, 5], { width: 3, height: 1 });
    expect(rows[0]![1]).toBe(' ');
    expect(brailleChart([], { width: 3, height: 2 })).toEqual(['   ', '   ']);
    expect(brailleChart([1], { width: 0, height: 2 })).toEqual([]);
  });
});
