import { describe, expect, it } from 'vitest';
import { formatBarValue, formatTick, niceScale } from '../../src/core/chart/nice-scale.js';
import { cutToWidth, escapeXml, textWidth, wrapText } from '../../src/core/chart/svg-text.js';

describe('niceScale', () => {
  it.each([
    // largest, headroom, max, step, ticks
    [844.5, 0, 1000, 200, [0, 200, 400, 600, 800, 1000]],
    [1593.1, 0.1, 2000, 500, [0, 500, 1000, 1500, 2000]],
    [422.27, 0.1, 500, 100, [0, 100, 200, 300, 400, 500]],
    [15.74, 0, 20, 5, [0, 5, 10, 15, 20]],
    [9, 0, 10, 2, [0, 2, 4, 6, 8, 10]],
    [0.3, 0, 0.3, 0.1, [0, 0.1, 0.2, 0.3]],
    [1, 0, 1, 0.2, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [230, 0, 250, 50, [0, 50, 100, 150, 200, 250]],
    [0, 0, 1, 0.2, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [Number.NaN, 0, 1, 0.2, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [-5, 0, 1, 0.2, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [123_456, 0, 125_000, 25_000, [0, 25_000, 50_000, 75_000, 100_000, 125_000]],
  ])('largest %s (headroom %s) → 0…%s by %s', (largest, headroom, max, step, ticks) => {
    const s = niceScale(largest, { headroom });
    expect(s.max).toBe(max);
    expect(s.step).toBeCloseTo(step, 10);
    expect(s.ticks).toEqual(ticks);
  });

  it('always covers the largest value plus its headroom, in at most maxTicks intervals, for any value', () => {
    for (let v = 0.013; v < 5e6; v *= 1.37) {
      const s = niceScale(v, { headroom: 0.1, maxTicks: 5 });
      expect(s.max).toBeGreaterThanOrEqual(v * 1.1 - 1e-9);
      expect(s.ticks.length - 1).toBeLessThanOrEqual(5);
      expect(s.ticks[0]).toBe(0);
      // Nice: the step is 1, 2, 2.5 or 5 times a power of ten.
      const mantissa = s.step / 10 ** Math.floor(Math.log10(s.step));
      expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true);
    }
  });
});

describe('tick and bar value texts', () => {
  it.each([
    [0, '0'], [0.2, '0.2'], [250, '250'], [2500, '2500'], [10_000, '10k'], [15_000, '15k'], [1_500_000, '1.5M'],
  ])('tick %s → %s', (v, text) => expect(formatTick(v)).toBe(text));

  it.each([
    [844.5, '845'], [1593.1, '1593'], [94.5, '94.5'], [80, '80'], [15.74, '15.7'], [5.741, '5.74'], [0.41, '0.41'],
    [2, '2'], [15_234, '15.2k'], [20_000, '20k'],
  ])('bar %s → %s', (v, text) => expect(formatBarValue(v)).toBe(text));
});

describe('svg text', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["it's", 'it&#39;s'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
    ['&amp;', '&amp;amp;'],
    ['Pi 3 · 600 MHz', 'Pi 3 · 600 MHz'],
  ])('escapes %j', (raw, escaped) => expect(escapeXml(raw)).toBe(escaped));

  it('wraps words into lines that fit, at most maxLines, ending with … when cut', () => {
    const width = 80;
    const lines = wrapText('Single Pi Zero (No Nginx) and a label that goes on and on', width, 12, 3);
    expect(lines.length).toBe(3);
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(width);
    expect(lines[2]!.endsWith('…')).toBe(true);
    expect(lines.join(' ').replace('…', '')).toMatch(/^Single Pi Zero/);
  });

  it('keeps a label that fits on one line whole, and cuts a word longer than a line', () => {
    expect(wrapText('Cluster', 100, 12, 3)).toEqual(['Cluster']);
    expect(wrapText('  Cluster   (No Nginx) ', 400, 12, 3)).toEqual(['Cluster (No Nginx)']);
    const [only] = wrapText('Supercalifragilisticexpialidocious', 60, 12, 3);
    expect(only!.endsWith('…')).toBe(true);
    expect(textWidth(only!, 12)).toBeLessThanOrEqual(60);
    expect(wrapText('', 100, 12, 3)).toEqual([]);
  });

  it('cuts to width only when needed', () => {
    expect(cutToWidth('short', 200, 12)).toBe('short');
    const cut = cutToWidth('a rather long title for a small box', 60, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(60);
  });
});
