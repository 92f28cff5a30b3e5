import { describe, expect, it } from 'vitest';
import type { BarChart } from '../../src/core/chart/bar-chart.js';
import { layoutBarChart, PLOT_HEIGHT } from '../../src/core/chart/bar-chart-layout.js';
import { barChartSvg } from '../../src/core/chart/bar-chart-svg.js';
import { DARK, DARK_MEDIA, LIGHT } from '../../src/core/chart/chart-theme.js';
import { textWidth } from '../../src/core/chart/svg-text.js';
import { barsPerPanel, LATENCY_WITH_GAPS, SEED_RPS } from './chart-fixtures.js';

/** The bars' rects: a bar carries its tooltip, a legend swatch does not. */
const barRects = (svg: string): string[] => [...svg.matchAll(/<rect class="s\d+"[^>]*><title>[^<]*<\/title><\/rect>/g)].map((m) => m[0]);

/** Every opened element is closed, in order (a small well-formedness check; rsvg-convert parses it fully in chart-png). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing === '/') continue;
    if (closing === '/') {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('barChartSvg', () => {
  it('is one well-formed SVG document with its size, title, description, background and styles', () => {
    const svg = barChartSvg(SEED_RPS);
    const layout = layoutBarChart(SEED_RPS);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(`width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}"`);
    expect(svg).toContain('<title id="chart-title">Requests per second by target</title>');
    expect(svg).toMatch(/<desc id="chart-desc">Requests per second \(req\/s\) — GET \/ \(cached\): Cluster 844.5, /);
    expect(svg).toContain(`<rect class="bg" x="0" y="0" width="${layout.width}" height="${layout.height}"/>`);
    expect(balanced(svg)).toBe(true);
    expect(layout.width).toBe(880);
    expect(layoutBarChart({ ...SEED_RPS, width: 640 }).width).toBe(640);
  });

  it('draws one bar per value above zero, in each panel', () => {
    for (const chart of [SEED_RPS, LATENCY_WITH_GAPS]) {
      const layout = layoutBarChart(chart);
      expect(layout.panels.map((p) => p.bars.filter((b) => b.height > 0).length)).toEqual(barsPerPanel(chart));
      expect(barRects(barChartSvg(chart)).length).toBe(barsPerPanel(chart).reduce((a, b) => a + b, 0));
    }
  });

  it('writes each value over its bar, with the axis label and unit, and n/a for a value not measured', () => {
    const svg = barChartSvg(LATENCY_WITH_GAPS);
    for (const v of ['118', '88', '1152', '225', '62.8', '0.3', '5476', '6355']) expect(svg).toContain(`>${v}</text>`);
    expect(svg.match(/>n\/a<\/text>/g)?.length).toBe(3);
    expect(svg).toContain('>Latency (ms)</text>');
    expect(svg).toContain('>Target</text>');
    // A legend: a swatch and a name for each series.
    for (const s of LATENCY_WITH_GAPS.series) expect(svg).toContain(`font-size="12">${s}</text>`);
    expect(barChartSvg(SEED_RPS)).not.toMatch(/<rect class="s0" x="[\d.]+" y="[\d.]+" width="12" height="12"\/>/);
  });

  it('scales bars to the panel\'s own nice axis, the tallest below the top with room for its label', () => {
    const layout = layoutBarChart(SEED_RPS);
    const [cached, work] = layout.panels;
    expect(cached!.scale.max).toBe(2000);
    expect(work!.scale.max).toBe(500);
    for (const panel of layout.panels) {
      expect(panel.plotBottom - panel.plotTop).toBe(PLOT_HEIGHT);
      expect(Number.isInteger(panel.plotBottom)).toBe(true);
      for (const bar of panel.bars) {
        expect(bar.height).toBeCloseTo(Math.max(2, ((bar.value ?? 0) / panel.scale.max) * PLOT_HEIGHT), 6);
        expect(bar.y + bar.height).toBeCloseTo(panel.plotBottom, 6);
        expect(bar.labelY - bar.valueFontSize).toBeGreaterThanOrEqual(panel.plotTop - 2);
        expect(bar.x).toBeGreaterThanOrEqual(panel.plotLeft);
        expect(bar.x + bar.width).toBeLessThanOrEqual(panel.plotRight);
      }
      expect(panel.ticks.map((t) => t.y)).toEqual([...panel.ticks.map((t) => t.y)].sort((a, b) => b - a));
      expect(panel.ticks[0]).toEqual({ y: panel.plotBottom, text: '0' });
      expect(panel.ticks.at(-1)!.y).toBe(panel.plotTop);
    }
    // Panels stack without overlapping.
    expect(work!.titleY).toBeGreaterThan(cached!.categoryLabelY);
    expect(layout.height).toBeGreaterThan(work!.categoryLabelY);
  });

  it('gives a value too small to see a 2-pixel bar, and zero, NaN or null none', () => {
    const chart: BarChart = {
      ...SEED_RPS,
      panels: [{ title: 'p', groups: [{ label: 'big', values: [10_000] }, { label: 'tiny', values: [1] }, { label: 'zero', values: [0] }, { label: 'nan', values: [Number.NaN] }, { label: 'none', values: [null] }] }],
    };
    const bars = layoutBarChart(chart).panels[0]!.bars;
    expect(bars.map((b) => b.height > 0 ? Math.round(b.height) : 0)).toEqual([176, 2, 0, 0, 0]); // 10k on an axis to 12.5k
    expect(bars.map((b) => b.valueText)).toEqual(['10k', '1', '0', 'n/a', 'n/a']);
  });

  it('keeps bars of one group apart, so each shows as its own bar', () => {
    const bars = layoutBarChart(LATENCY_WITH_GAPS).panels[0]!.bars;
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.x - (bars[i - 1]!.x + bars[i - 1]!.width)).toBeGreaterThanOrEqual(3);
  });

  it('escapes every text it is given: title, subtitle, series, panel and group labels, units', () => {
    const evil = '<script>alert(1)</script> & "q" \'s';
    const chart: BarChart = {
      title: evil,
      subtitle: evil,
      valueLabel: evil,
      unit: '<ms>',
      categoryLabel: evil,
      series: [evil, 'b&c'],
      panels: [{ title: evil, groups: [{ label: evil, values: [1, 2] }] }],
      width: 2000,
    };
    const svg = barChartSvg(chart);
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s');
    expect(svg).toContain('(&lt;ms&gt;)');
    expect(svg).toContain('>b&amp;c</text>');
    expect(balanced(svg)).toBe(true);
  });

  it('wraps a long group label under its group, keeping the whole label as a tooltip', () => {
    const long = 'Single Pi 3 (No Nginx) behind a rather long description of the path';
    const chart: BarChart = { ...SEED_RPS, panels: [{ title: 'p', groups: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ label: i === 4 ? long : `g${i}`, values: [i] })) }] };
    const layout = layoutBarChart(chart);
    const panel = layout.panels[0]!;
    const groupWidth = (panel.plotRight - panel.plotLeft) / 8;
    const label = panel.groupLabels[3]!;
    expect(label.lines.length).toBe(3);
    expect(label.lines[2]!.endsWith('…')).toBe(true);
    for (const line of label.lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(groupWidth);
    const svg = barChartSvg(chart);
    expect(svg).toContain(`<title>${long}</title>`);
    expect(svg).toContain(`>${label.lines[0]}</tspan>`);
    // The panel grows to hold three lines: its category label sits below them.
    expect(panel.categoryLabelY).toBeGreaterThanOrEqual(label.y + 2 * 14 + 8);
  });

  it('carries its light colours and, on auto, the dark ones for a viewer who prefers dark', () => {
    const auto = barChartSvg(SEED_RPS);
    expect(auto).toContain(`.bg{fill:${LIGHT.background}}`);
    expect(auto).toContain(`${DARK_MEDIA}{.bg{fill:${DARK.background}}`);
    const light = barChartSvg(SEED_RPS, 'light');
    expect(light).not.toContain('prefers-color-scheme');
    const dark = barChartSvg(SEED_RPS, 'dark');
    expect(dark).toContain(`.bg{fill:${DARK.background}}`);
    expect(dark).not.toContain(LIGHT.background);
    // Marks name classes, never colours: one rule set recolours all of it.
    expect(auto.replace(/<style>.*<\/style>/s, '')).not.toMatch(/#[0-9a-f]{6}/i);
  });

  it('draws an empty panel and an empty chart without failing', () => {
    const svg = barChartSvg({ ...SEED_RPS, panels: [{ title: 'nothing ran', groups: [] }] });
    expect(balanced(svg)).toBe(true);
    expect(barRects(svg)).toEqual([]);
    expect(balanced(barChartSvg({ ...SEED_RPS, panels: [] }))).toBe(true);
  });
});
