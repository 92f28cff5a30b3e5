/**
 * Pure layout: which table columns fit a width (dropped by priority, shown in a fixed order) and
 * how the terminal's rows are shared. The UI is at most rows − 1 tall: Ink 6 clears the whole
 * screen on every frame when its output is as tall as the terminal.
 */

export type ColumnId =
  | 'name'
  | 'model'
  | 'reach'
  | 'cpu'
  | 'load'
  | 'memory'
  | 'temperature'
  | 'clock'
  | 'flags'
  | 'services'
  | 'state'
  | 'check'
  | 'weight'
  | 'sessions'
  | 'rate'
  | 'spark';

export interface ColumnSpec {
  readonly id: ColumnId;
  readonly title: string;
  readonly width: number;
  /** 0 is kept longest; the highest number is dropped first. */
  readonly priority: number;
  readonly align: 'left' | 'right';
}

export interface Column extends ColumnSpec {
  /** Where the column starts. */
  readonly x: number;
}

export const GAP = 1;
export const SPARK_MIN = 10;
export const SPARK_MAX = 60;

/** In screen order (head of the row first). */
export const COLUMNS: readonly ColumnSpec[] = [
  { id: 'name', title: 'NODE', width: 6, priority: 0, align: 'left' },
  { id: 'model', title: 'MODEL', width: 12, priority: 9, align: 'left' },
  { id: 'reach', title: 'SSH', width: 5, priority: 0, align: 'left' },
  { id: 'cpu', title: 'CPU', width: 5, priority: 1, align: 'right' },
  { id: 'load', title: 'LOAD', width: 5, priority: 4, align: 'right' },
  { id: 'memory', title: 'MEM', width: 5, priority: 4, align: 'right' },
  { id: 'temperature', title: 'TEMP', width: 6, priority: 3, align: 'right' },
  { id: 'clock', title: 'CLOCK', width: 8, priority: 7, align: 'right' },
  { id: 'flags', title: 'FLAGS', width: 8, priority: 1, align: 'left' },
  { id: 'services', title: 'SERVICES', width: 12, priority: 5, align: 'left' },
  { id: 'state', title: 'HAPROXY', width: 8, priority: 0, align: 'left' },
  { id: 'check', title: 'CHECK', width: 6, priority: 6, align: 'left' },
  { id: 'weight', title: 'WT', width: 3, priority: 2, align: 'right' },
  { id: 'sessions', title: 'SESS', width: 5, priority: 4, align: 'right' },
  { id: 'rate', title: 'REQ/S', width: 6, priority: 1, align: 'right' },
  { id: 'spark', title: 'LAST MINUTE', width: SPARK_MIN, priority: 8, align: 'left' },
];

const totalWidth = (cols: readonly ColumnSpec[]): number => cols.reduce((w, c) => w + c.width, 0) + GAP * Math.max(0, cols.length - 1);

/**
 * The columns that fit `width`, the least important dropped first. The name column is as wide
 * as the longest name (4–16); the sparkline takes what is left, up to SPARK_MAX.
 */
export function fitColumns(width: number, longestName = 6): Column[] {
  const nameWidth = Math.max(4, Math.min(16, longestName));
  let cols: ColumnSpec[] = COLUMNS.map((c) => (c.id === 'name' ? { ...c, width: nameWidth } : c));
  const byDropOrder = [...cols].sort((a, b) => b.priority - a.priority);
  for (const victim of byDropOrder) {
    if (totalWidth(cols) <= width) break;
    if (victim.priority === 0) break;
    cols = cols.filter((c) => c.id !== victim.id);
  }
  const spare = width - totalWidth(cols);
  if (spare > 0) cols = cols.map((c) => (c.id === 'spark' ? { ...c, width: Math.min(SPARK_MAX, c.width + spare) } : c));
  let x = 0;
  return cols.map((c) => {
    const placed = { ...c, x };
    x += c.width + GAP;
    return placed;
  });
}

export interface ScreenLayout {
  /** Rows the UI uses: never more than terminal rows − 1. */
  readonly height: number;
  readonly width: number;
  readonly headerRows: number;
  /** Node rows shown (the table's title row is extra). */
  readonly tableRows: number;
  /** Chart rows in the throughput pane (its title row is extra); 0: pane hidden. */
  readonly chartRows: number;
  /** Event lines (the title row is extra); 0: pane hidden. */
  readonly eventRows: number;
  /** Rows for the details view, which replaces table and panes. */
  readonly detailRows: number;
  readonly statusRows: number;
  readonly footerRows: number;
}

const HEADER = 2;
const STATUS = 1;
const FOOTER = 1;
const CHART_MIN = 3;
const CHART_MAX = 10;

export function screenLayout(size: { readonly columns: number; readonly rows: number }, nodeCount: number): ScreenLayout {
  const height = Math.max(1, size.rows - 1);
  const width = Math.max(20, size.columns);
  const body = Math.max(0, height - HEADER - STATUS - FOOTER);
  const panesMin = 1 + CHART_MIN + 1 + 2;
  let table = Math.min(1 + nodeCount, Math.max(Math.min(2, body), body - panesMin));
  let rest = body - table;
  let chartRows = 0;
  if (rest >= 1 + CHART_MIN) {
    chartRows = Math.max(CHART_MIN, Math.min(CHART_MAX, Math.floor(rest * 0.5) - 1));
    rest -= 1 + chartRows;
  }
  let eventRows = 0;
  if (rest >= 2) {
    eventRows = rest - 1;
    rest = 0;
  }
  // Whatever is left over (one row) goes to the table when it has rows to show.
  if (rest > 0 && table < 1 + nodeCount) {
    const more = Math.min(rest, 1 + nodeCount - table);
    table += more;
    rest -= more;
  }
  const headerRows = Math.min(HEADER, height);
  return {
    height,
    width,
    headerRows,
    tableRows: Math.max(0, table - 1),
    chartRows,
    eventRows,
    detailRows: body,
    statusRows: height > HEADER + FOOTER ? STATUS : 0,
    footerRows: height > HEADER ? FOOTER : 0,
  };
}

/** The slice of `count` rows to show in `capacity` lines so `selected` stays in view. */
export function visibleWindow(count: number, selected: number, capacity: number): { start: number; end: number } {
  if (capacity <= 0 || count === 0) return { start: 0, end: 0 };
  if (count <= capacity) return { start: 0, end: count };
  const start = Math.max(0, Math.min(count - capacity, selected - capacity + 1));
  return { start, end: start + capacity };
}

/** The throughput pane: a chart on the left, per-server share bars on the right. */
export function throughputSplit(width: number): { axis: number; chart: number; share: number } {
  const share = width >= 60 ? Math.max(24, Math.min(50, Math.floor(width * 0.38))) : 0;
  const axis = 7;
  return { axis, chart: Math.max(4, width - share - axis - (share > 0 ? 2 : 0)), share };
}
