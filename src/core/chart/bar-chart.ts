/**
 * What a bar chart shows, with no knowledge of load tests: panels stacked top to bottom, each
 * with its own value axis (a cached page and a CPU-bound endpoint differ a hundredfold, so one
 * axis would flatten one of them), each panel a row of groups, each group one bar per series.
 */

export interface BarGroup {
  /** Under the group, wrapped to its width (e.g. "Single Pi 3 (No Nginx)"). */
  readonly label: string;
  /** One per series, in the chart's series order; null: not measured (no bar, "n/a" written). */
  readonly values: readonly (number | null)[];
}

export interface BarPanel {
  /** Over the panel (e.g. "GET / (cached)"). */
  readonly title: string;
  readonly groups: readonly BarGroup[];
}

export interface BarChart {
  readonly title: string;
  readonly subtitle?: string;
  /** The value axis' label, with its unit (e.g. "Requests per second", "req/s"). */
  readonly valueLabel: string;
  readonly unit: string;
  /** The category axis' label (e.g. "Target"). */
  readonly categoryLabel: string;
  /** The bars of a group, in order; a legend is drawn when there is more than one. */
  readonly series: readonly string[];
  readonly panels: readonly BarPanel[];
  /** Pixels; the height follows from the panels. Default 880. */
  readonly width?: number;
}

/** 'auto': light, and dark where the viewer prefers it (a prefers-color-scheme rule in the SVG). */
export type ChartTheme = 'auto' | 'light' | 'dark';
