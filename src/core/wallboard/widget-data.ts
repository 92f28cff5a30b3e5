/**
 * What the wallboard's widgets show, as plain data: the core maps cluster state to these, the
 * screen adapter draws them. Nothing here knows about blessed.
 */

import type { Segment, Tone } from '../present/tone.js';

export type { Segment, Tone };

export type SeriesColor = 'yellow' | 'cyan' | 'magenta' | 'green' | 'blue' | 'red' | 'white';

export interface LineSeries {
  readonly title: string;
  /** One value per x label. */
  readonly values: readonly number[];
  readonly color: SeriesColor;
}

export interface LineChartData {
  readonly title: string;
  readonly labels: readonly string[];
  /** Empty while there is nothing to plot; `note` says why. */
  readonly series: readonly LineSeries[];
  /** Top of the y axis (at least the largest value). */
  readonly maxY: number;
  readonly note?: string;
}

export interface BarItem {
  readonly label: string;
  /** Undefined when unknown: no bar, and `text` says so. */
  readonly value: number | undefined;
  readonly text: string;
  readonly tone: Tone;
}

export interface BarChartData {
  readonly title: string;
  readonly maxValue: number;
  readonly bars: readonly BarItem[];
}

export interface DonutItem {
  readonly label: string;
  /** 0–1 of the ring filled. */
  readonly fraction: number;
  /** The text in the middle, e.g. "48°", "48°~" (stale), "-" (unknown). */
  readonly centre: string;
  readonly tone: Tone;
}

export interface DonutData {
  readonly title: string;
  readonly donuts: readonly DonutItem[];
}

export interface TableData {
  readonly title: string;
  readonly headers: readonly string[];
  /** Column widths in characters. */
  readonly widths: readonly number[];
  readonly rows: readonly (readonly Segment[])[];
}

export interface TextPanel {
  readonly title: string;
  readonly lines: readonly Segment[];
}
