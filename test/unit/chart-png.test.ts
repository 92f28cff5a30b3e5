import { describe, expect, it } from 'vitest';
import type { BarChart } from '../../src/core/chart/bar-chart.js';
import { layoutBarChart } from '../../src/core/chart/bar-chart-layout.js';
import { barChartSvg } from '../../src/core/chart/bar-chart-svg.js';
import { DARK, LIGHT, type Palette } from '../../src/core/chart/chart-theme.js';
import { barRuns, hexRgb, luminanceVariance, pixel, renderSvg, shareUnlike, type Picture } from '../support/chart-png.js';
import { studyCharts } from '../../src/core/study/study-charts.js';
import { barsPerPanel, LATENCY_WITH_GAPS, SEED_RPS } from './chart-fixtures.js';
import { SEED_STUDY } from './study-report-fixtures.js';

/**
 * Each chart as librsvg draws it (rsvg-convert → PNG → pixels): the size it says, not blank, and
 * along the row just above each panel's baseline exactly as many bars as the data has values —
 * in light, and in dark through the SVG's own prefers-color-scheme rules.
 */

const TINY: BarChart = {
  ...SEED_RPS,
  title: 'One huge value and one tiny one',
  panels: [{ title: 'cached', groups: [{ label: 'big', values: [50_000] }, { label: 'tiny', values: [3] }, { label: 'none', values: [null] }, { label: 'zero', values: [0] }] }],
};

/** Bars found in each panel, scanning the row just above its baseline (in the picture's pixels). */
function barsFound(chart: BarChart, picture: Picture, palette: Palette, zoom: number): { start: number; end: number }[][] {
  const colours = palette.series.map(hexRgb);
  return layoutBarChart(chart).panels.map((p) =>
    barRuns(picture, Math.floor((p.plotBottom - 0.5) * zoom), colours, { x0: Math.ceil(p.plotLeft * zoom), x1: Math.floor(p.plotRight * zoom) }),
  );
}

/** The series each found bar is painted in, by its middle pixel. */
function seriesOf(picture: Picture, y: number, run: { start: number; end: number }, palette: Palette): number {
  const [r, g, b] = pixel(picture, Math.floor((run.start + run.end) / 2), y);
  const distances = palette.series.map((hex) => {
    const [cr, cg, cb] = hexRgb(hex);
    return Math.hypot(r - cr, g - cg, b - cb);
  });
  return distances.indexOf(Math.min(...distances));
}

describe.each([
  ['light', LIGHT],
  ['dark', DARK],
] as const)('charts rendered by rsvg-convert, %s', (mode, palette) => {
  it.each([
    ['the seed\'s req/s', SEED_RPS],
    ['latency with gaps', LATENCY_WITH_GAPS],
    ['a tiny value beside a huge one', TINY],
    ['the seed study\'s req/s (9 cells)', studyCharts(SEED_STUDY).requestsPerSecond],
    ['the seed study\'s latency (9 cells × mean, 95 %)', studyCharts(SEED_STUDY).latency],
  ] as const)('%s: the size asked, not blank, unlike its background, and the right bars', async (_name, chart) => {
    const svg = barChartSvg(chart);
    const layout = layoutBarChart(chart);
    const picture = await renderSvg(svg, { mode });
    expect([picture.width, picture.height]).toEqual([layout.width, layout.height]);
    expect(pixel(picture, 1, 1)).toEqual(hexRgb(palette.background));
    const [r, g, b] = pixel(picture, 1, 1);
    const backgroundLuminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    if (mode === 'light') expect(backgroundLuminance).toBeGreaterThan(220);
    else expect(backgroundLuminance).toBeLessThan(40);
    expect(luminanceVariance(picture)).toBeGreaterThan(100);
    expect(shareUnlike(picture, hexRgb(palette.background))).toBeGreaterThan(0.03);
    const found = barsFound(chart, picture, palette, 1);
    expect(found.map((runs) => runs.length)).toEqual(barsPerPanel(chart));
    // Bars in their series' colours, in order: within a group, series 0, 1, 2 …
    layout.panels.forEach((p, i) => {
      const expected = p.bars.filter((b) => b.height > 0).map((b) => chart.series.indexOf(b.series));
      expect(found[i]!.map((run) => seriesOf(picture, p.plotBottom - 1, run, palette))).toEqual(expected);
    });
  });

  it('at twice the size: twice the pixels, the same bars', async () => {
    const picture = await renderSvg(barChartSvg(LATENCY_WITH_GAPS), { mode, zoom: 2 });
    const layout = layoutBarChart(LATENCY_WITH_GAPS);
    expect([picture.width, picture.height]).toEqual([layout.width * 2, layout.height * 2]);
    expect(barsFound(LATENCY_WITH_GAPS, picture, palette, 2).map((r) => r.length)).toEqual(barsPerPanel(LATENCY_WITH_GAPS));
  });
});

describe('light and dark', () => {
  it('differ: the dark picture is not the light one, and each has text that stands out from its background', async () => {
    const svg = barChartSvg(SEED_RPS);
    const light = await renderSvg(svg, { mode: 'light' });
    const dark = await renderSvg(svg, { mode: 'dark' });
    expect(light.data.equals(dark.data)).toBe(false);
    // The title's pixels: dark on light, light on dark.
    const titleRow = (p: Picture): number[] => {
      const lum: number[] = [];
      for (let x = 16; x < 300; x++) for (let y = 14; y < 34; y++) {
        const [r, g, b] = pixel(p, x, y);
        lum.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
      }
      return lum;
    };
    expect(Math.min(...titleRow(light))).toBeLessThan(80);
    expect(Math.max(...titleRow(dark))).toBeGreaterThan(180);
  });

  it('a fixed light or dark theme renders as auto does in that mode', async () => {
    const auto = barChartSvg(SEED_RPS);
    expect((await renderSvg(barChartSvg(SEED_RPS, 'light'))).data.equals((await renderSvg(auto, { mode: 'light' })).data)).toBe(true);
    expect((await renderSvg(barChartSvg(SEED_RPS, 'dark'))).data.equals((await renderSvg(auto, { mode: 'dark' })).data)).toBe(true);
  });
});
