import { describe, expect, it } from 'vitest';
import { brailleChart } from '../../src/views/console/format/braille-chart.js';
import { formatBytes, formatBytesPerSecond } from '../../src/views/console/format/bytes.js';
import { formatDuration, formatSince } from '../../src/views/console/format/duration.js';
import { formatCelsius, formatPercent, formatRate } from '../../src/views/console/format/numbers.js';
import { shareBar, sparkline } from '../../src/views/console/format/sparkline.js';

describe('console formatters', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1536, '1.5 kB'],
    [12_345_678, '12 MB'],
    [3.2e12, '3.2 TB'],
    [-1, '-'],
    [Number.NaN, '-'],
  ])('bytes %d → %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it('bytes per second, percents, rates, temperatures', () => {
    expect(formatBytesPerSecond(2048)).toBe('2.0 kB/s');
    expect([0, 4.25, 42.4, 100].map(formatPercent)).toEqual(['0%', '4.3%', '42%', '100%']);
    expect([0, 7.46, 120.4, 1234, 15_600, -1].map(formatRate)).toEqual(['0', '7.5', '120', '1.2k', '16k', '-']);
    expect(formatCelsius(48.34)).toBe('48.3°C');
  });

  it('durations, compact', () => {
    expect([0, 59_000, 61_000, 3_660_000, 93_784_000, -5].map(formatDuration)).toEqual(['0s', '59s', '1m1s', '1h1m', '1d2h', '0s']);
    expect(formatSince(new Date(2025, 0, 1, 12, 3, 4).getTime(), new Date(2025, 0, 1, 12, 5, 9).getTime())).toBe('since 12:03:04 (2m5s)');
  });

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
