import type { BarChart } from './bar-chart.js';
import { seriesClass } from './chart-theme.js';
import { formatBarValue, formatTick, niceScale, type NiceScale } from './nice-scale.js';
import { textWidth, wrapText } from './svg-text.js';

/**
 * Where everything of a bar chart goes, in pixels — pure geometry, apart from the SVG it becomes,
 * so a test can find a panel's baseline in the rendered picture. Plot edges fall on whole pixels:
 * the row just above a baseline is inside every bar and touched by no line.
 */

export const DEFAULT_WIDTH = 880;
export const PLOT_HEIGHT = 220;
const MARGIN_LEFT = 76;
const MARGIN_RIGHT = 16;
const LABEL_FONT = 12;
const LABEL_LINE = 14;
const MAX_LABEL_LINES = 3;
const BAR_GAP = 3;
const MAX_BAR_WIDTH = 90;
const PANEL_GAP = 18;

export interface BarBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly className: string;
  readonly series: string;
  readonly group: string;
  readonly value: number | null;
  /** Written over the bar ("844", "n/a"), centred at labelX, baseline labelY. */
  readonly valueText: string;
  readonly valueFontSize: number;
  readonly labelX: number;
  readonly labelY: number;
}

export interface GroupLabel {
  readonly full: string;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
}

export interface PanelLayout {
  readonly title: string;
  readonly titleY: number;
  readonly plotTop: number;
  /** The baseline (value 0), a whole pixel. */
  readonly plotBottom: number;
  readonly plotLeft: number;
  readonly plotRight: number;
  readonly scale: NiceScale;
  readonly ticks: readonly { readonly y: number; readonly text: string }[];
  readonly bars: readonly BarBox[];
  readonly groupLabels: readonly GroupLabel[];
  readonly categoryLabelY: number;
}

export interface LegendItem {
  readonly x: number;
  readonly y: number;
  readonly name: string;
  readonly className: string;
}

export interface BarChartLayout {
  readonly width: number;
  readonly height: number;
  readonly titleY: number;
  readonly subtitleY: number | null;
  readonly legend: readonly LegendItem[];
  readonly panels: readonly PanelLayout[];
}

function legendItems(series: readonly string[], top: number, width: number): { items: LegendItem[]; bottom: number } {
  if (series.length < 2) return { items: [], bottom: top };
  const items: LegendItem[] = [];
  let x = MARGIN_LEFT;
  let y = top + 12;
  series.forEach((name, i) => {
    const w = 18 + textWidth(name, LABEL_FONT) + 18;
    if (x + w > width - MARGIN_RIGHT && x > MARGIN_LEFT) {
      x = MARGIN_LEFT;
      y += 18;
    }
    items.push({ x, y, name, className: seriesClass(i) });
    x += w;
  });
  return { items, bottom: y + 10 };
}

function valueFont(text: string, barWidth: number): number {
  const fits = (barWidth + 8) / Math.max(1, textWidth(text, 1));
  return Math.max(7, Math.min(11, Math.floor(fits)));
}

function layoutPanel(chart: BarChart, panelIndex: number, top: number, width: number): PanelLayout {
  const panel = chart.panels[panelIndex]!;
  const plotTop = top + 30;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const plotLeft = MARGIN_LEFT;
  const plotRight = width - MARGIN_RIGHT;
  const values = panel.groups.flatMap((g) => g.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const scale = niceScale(Math.max(0, ...values), { headroom: 0.1 });
  const yOf = (v: number): number => plotBottom - (v / scale.max) * PLOT_HEIGHT;
  const groupCount = Math.max(1, panel.groups.length);
  const groupWidth = (plotRight - plotLeft) / groupCount;
  const k = Math.max(1, chart.series.length);
  const area = groupWidth * 0.72;
  const barWidth = Math.max(1, Math.min(MAX_BAR_WIDTH, (area - BAR_GAP * (k - 1)) / k));
  const used = barWidth * k + BAR_GAP * (k - 1);
  const bars: BarBox[] = [];
  const groupLabels: GroupLabel[] = [];
  panel.groups.forEach((group, g) => {
    const left = plotLeft + g * groupWidth + (groupWidth - used) / 2;
    chart.series.forEach((series, s) => {
      const value = group.values[s] ?? null;
      const measured = value !== null && Number.isFinite(value);
      // A value too small to see on this axis still gets a bar two pixels high.
      const height = measured && value > 0 ? Math.max(2, plotBottom - yOf(value)) : 0;
      const x = left + s * (barWidth + BAR_GAP);
      const valueText = measured ? formatBarValue(value) : 'n/a';
      bars.push({
        x,
        y: plotBottom - height,
        width: barWidth,
        height,
        className: seriesClass(s),
        series,
        group: group.label,
        value: measured ? value : null,
        valueText,
        valueFontSize: valueFont(valueText, barWidth),
        labelX: x + barWidth / 2,
        labelY: plotBottom - height - 4,
      });
    });
    groupLabels.push({
      full: group.label,
      lines: wrapText(group.label, groupWidth - 6, LABEL_FONT, MAX_LABEL_LINES),
      x: plotLeft + (g + 0.5) * groupWidth,
      y: plotBottom + 17,
    });
  });
  const labelLines = Math.max(1, ...groupLabels.map((l) => l.lines.length));
  return {
    title: panel.title,
    titleY: top + 16,
    plotTop,
    plotBottom,
    plotLeft,
    plotRight,
    scale,
    ticks: scale.ticks.map((t) => ({ y: Math.round(yOf(t)), text: formatTick(t) })),
    bars,
    groupLabels,
    categoryLabelY: plotBottom + 17 + labelLines * LABEL_LINE + 8,
  };
}

export function layoutBarChart(chart: BarChart): BarChartLayout {
  const width = Math.round(chart.width ?? DEFAULT_WIDTH);
  const titleY = 30;
  const subtitleY = chart.subtitle === undefined ? null : 50;
  const { items, bottom } = legendItems(chart.series, (subtitleY ?? titleY) + 8, width);
  const panels: PanelLayout[] = [];
  let top = Math.round(bottom + 8);
  chart.panels.forEach((_, i) => {
    const panel = layoutPanel(chart, i, top, width);
    panels.push(panel);
    top = Math.round(panel.categoryLabelY + PANEL_GAP);
  });
  return { width, height: top, titleY, subtitleY, legend: items, panels };
}
