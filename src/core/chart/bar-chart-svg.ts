import type { BarChart, ChartTheme } from './bar-chart.js';
import { layoutBarChart, type PanelLayout } from './bar-chart-layout.js';
import { themeCss } from './chart-theme.js';
import { escapeXml } from './svg-text.js';

/**
 * A bar chart as a standalone SVG document (data in, string out): its own background, a title,
 * a legend when there are several series, and per panel a value axis with nice ticks and its
 * unit, bars with their values written over them, and group labels wrapped under them.
 */

const n = (v: number): string => String(Math.round(v * 100) / 100);

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs}>${escapeXml(content)}</text>`;
}

function panelSvg(chart: BarChart, p: PanelLayout): string {
  const out: string[] = [];
  const plotMid = (p.plotTop + p.plotBottom) / 2;
  out.push(text(p.plotLeft, p.titleY, p.title, 'class="tx" font-size="14" font-weight="600"'));
  for (const t of p.ticks) {
    if (t.y < p.plotBottom) out.push(`<line class="gr" x1="${p.plotLeft}" x2="${p.plotRight}" y1="${t.y + 0.5}" y2="${t.y + 0.5}" stroke-width="1"/>`);
    out.push(text(p.plotLeft - 6, t.y + 4, t.text, 'class="mu" font-size="11" text-anchor="end"'));
  }
  const axisLabel = `${chart.valueLabel} (${chart.unit})`;
  out.push(text(0, 0, axisLabel, `class="mu" font-size="12" text-anchor="middle" transform="translate(16 ${n(plotMid)}) rotate(-90)"`));
  for (const b of p.bars) {
    const tip = `${b.group} · ${b.series}: ${b.value === null ? 'not measured' : `${b.valueText} ${chart.unit}`}`;
    if (b.height > 0) {
      out.push(`<rect class="${b.className}" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}"><title>${escapeXml(tip)}</title></rect>`);
    }
    const tone = b.value === null ? 'mu' : 'tx';
    out.push(text(b.labelX, b.labelY, b.valueText, `class="${tone}" font-size="${b.valueFontSize}" text-anchor="middle"`));
  }
  out.push(`<line class="ax" x1="${p.plotLeft}" x2="${p.plotRight}" y1="${p.plotBottom + 0.5}" y2="${p.plotBottom + 0.5}" stroke-width="1"/>`);
  out.push(`<line class="ax" x1="${p.plotLeft - 0.5}" x2="${p.plotLeft - 0.5}" y1="${p.plotTop}" y2="${p.plotBottom + 1}" stroke-width="1"/>`);
  for (const g of p.groupLabels) {
    const spans = g.lines.map((line, i) => `<tspan x="${n(g.x)}" dy="${i === 0 ? 0 : 14}">${escapeXml(line)}</tspan>`).join('');
    out.push(`<text x="${n(g.x)}" y="${n(g.y)}" class="tx" font-size="12" text-anchor="middle"><title>${escapeXml(g.full)}</title>${spans}</text>`);
  }
  out.push(text((p.plotLeft + p.plotRight) / 2, p.categoryLabelY, chart.categoryLabel, 'class="mu" font-size="12" text-anchor="middle"'));
  return `<g class="panel">${out.join('')}</g>`;
}

export function barChartSvg(chart: BarChart, theme: ChartTheme = 'auto'): string {
  const layout = layoutBarChart(chart);
  const { width, height } = layout;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc">`);
  parts.push(`<title id="chart-title">${escapeXml(chart.title)}</title>`);
  const desc = chart.panels.map((p) => `${p.title}: ${p.groups.map((g) => `${g.label} ${g.values.map((v) => (v === null ? 'n/a' : n(v))).join('/')}`).join(', ')}`).join('; ');
  parts.push(`<desc id="chart-desc">${escapeXml(`${chart.valueLabel} (${chart.unit}${chart.series.length > 1 ? `; ${chart.series.join('/')}` : ''}) — ${desc}`)}</desc>`);
  parts.push(`<style>${themeCss(theme)}</style>`);
  parts.push(`<rect class="bg" x="0" y="0" width="${width}" height="${height}"/>`);
  parts.push(text(16, layout.titleY, chart.title, 'class="tx" font-size="18" font-weight="700"'));
  if (layout.subtitleY !== null && chart.subtitle !== undefined) parts.push(text(16, layout.subtitleY, chart.subtitle, 'class="mu" font-size="12"'));
  for (const item of layout.legend) {
    parts.push(`<rect class="${item.className}" x="${n(item.x)}" y="${n(item.y - 10)}" width="12" height="12"/>`);
    parts.push(text(item.x + 18, item.y, item.name, 'class="tx" font-size="12"'));
  }
  for (const panel of layout.panels) parts.push(panelSvg(chart, panel));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
