import type { BarChartData, DonutData, LineChartData, TableData, TextPanel } from '../wallboard/widget-data.js';

/**
 * The wallboard's whole need from a terminal toolkit (the screen port of views/wallboard).
 * blessed implements it (adapters/wallboard/blessed-screen.ts); another toolkit could, without
 * the view changing.
 */

/** A place on a 12 × 12 grid under the one-line header. */
export interface GridRect {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export interface Widget<T> {
  set(data: T): void;
  /** How many items (bars, rings, lines, rows) fit at the current size. */
  capacity(): number;
}

export interface WallScreen {
  header(): Widget<string>;
  line(rect: GridRect): Widget<LineChartData>;
  bar(rect: GridRect): Widget<BarChartData>;
  donuts(rect: GridRect): Widget<DonutData>;
  table(rect: GridRect): Widget<TableData>;
  text(rect: GridRect): Widget<TextPanel>;
  size(): { readonly columns: number; readonly rows: number };
  render(): void;
  /** Keys as the toolkit names them: "q", "C-c". */
  onKeys(keys: readonly string[], handler: () => void): void;
  /** After the terminal changed size and the widgets were laid out again. */
  onResize(handler: () => void): void;
  /** Restores the terminal: normal screen, cursor, cooked mode. Safe twice. */
  destroy(): void;
}
