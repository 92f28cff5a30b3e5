import { createRequire } from 'node:module';
import type { Widgets } from 'blessed';
import type { BarChartData, DonutData, LineChartData, TableData, TextPanel } from '../../core/wallboard/widget-data.js';
import { cut } from '../../core/present/fit.js';
import { toneColor, toned } from './tone-ansi.js';
import type { GridRect, WallScreen, Widget } from '../../core/ports/wall-screen.js';

/** The terminal the board takes. */
export interface ScreenStreams {
  readonly output: NodeJS.WritableStream & { columns?: number; rows?: number };
  readonly input: NodeJS.ReadableStream;
  /** terminfo name; default $TERM, else xterm-256color. */
  readonly terminal?: string;
}

/**
 * The only file that loads blessed and blessed-contrib (both CommonJS, unmaintained). The
 * contrib widgets are loaded one by one: its index also loads the map, picture and markdown
 * widgets and their dependencies, which the wallboard does not use.
 */

const require = createRequire(import.meta.url);
const blessed = require('blessed') as typeof import('blessed');

type Element = Widgets.BoxElement;
type Factory<T extends Element> = (options: Record<string, unknown>) => T;
interface CanvasElement extends Element {
  ctx?: { fillText(text: string, x: number, y: number): void };
  canvasSize: { width: number; height: number };
  options: Record<string, unknown>;
  clear(): void;
}
interface LineElement extends CanvasElement {
  setData(series: readonly { title: string; x: readonly string[]; y: readonly number[]; style: { line: string } }[]): void;
}
interface BarElement extends CanvasElement {
  setData(data: { titles: readonly string[]; data: readonly unknown[] }): void;
}
interface DonutElement extends CanvasElement {
  setData(data: readonly { label: string; percent: number; color: string; percentAltNumber?: unknown }[]): void;
}
interface TableElement extends Element {
  rows: Element;
  options: Record<string, unknown>;
  setData(data: { headers: readonly string[]; data: readonly (readonly string[])[] }): void;
}

const line = require('blessed-contrib/lib/widget/charts/line') as Factory<LineElement>;
const bar = require('blessed-contrib/lib/widget/charts/bar') as Factory<BarElement>;
const donut = require('blessed-contrib/lib/widget/donut') as Factory<DonutElement>;
const table = require('blessed-contrib/lib/widget/table') as Factory<TableElement>;

const GRID = 12;
const BORDER = { type: 'line', fg: 'cyan' } as const;
const BAR_WIDTH = 4;
const BAR_SPACING = 7;
const BAR_OFFSET = 2;
const DONUT_SPACING = 4;
const DONUT_MIN_RADIUS = 6;

/** A label wider than its box garbles the box's first line: cut it to fit. */
function label(el: Element, title: string): void {
  el.setLabel(` ${cut(title, Math.max(4, (el.width as number) - 6))} `);
}

/** A value that draws as `text` where blessed-contrib calls toString()/toFixed(), and counts as `value`. */
function shownAs(value: number, text: string): unknown {
  return { valueOf: () => value, toString: () => text, toFixed: () => text };
}

/** The largest ring (braille pixels) that fits the box's height and `count` rings across its width. */
function donutRadius(width: number, height: number, count: number): number {
  const byHeight = Math.floor((height * 4 - 22) / 2);
  const byWidth = Math.floor((width * 2 - 5) / Math.max(1, count) / 2) - DONUT_SPACING;
  return Math.max(DONUT_MIN_RADIUS, Math.min(14, byHeight, byWidth));
}

export function createBlessedScreen(streams: ScreenStreams): WallScreen {
  const terminal = streams.terminal ?? (process.env['TERM'] !== undefined && process.env['TERM'] !== '' ? process.env['TERM'] : 'xterm-256color');
  // blessed compiles terminfo with console.error for capabilities it cannot translate (e.g.
  // screen-256color's plab_norm): harmless, but it would print over the board.
  const consoleError = console.error;
  console.error = () => undefined;
  let screen: Widgets.Screen;
  try {
    screen = blessed.screen({
      input: streams.input as never,
      output: streams.output as never,
      terminal,
      smartCSR: true,
      fullUnicode: true,
      warnings: false,
      autoPadding: true,
    });
  } finally {
    console.error = consoleError;
  }
  // In a UTF-8 locale draw borders as Unicode box characters rather than through the VT100
  // alternate character set, as ncurses does: text captures (tmux capture-pane) then read right.
  const tput = (screen.program as unknown as { tput: unknown }).tput as { unicode: boolean; brokenACS: boolean };
  if (tput.unicode) tput.brokenACS = true;

  let destroyed = false;
  const placed: { element: Element; rect: GridRect }[] = [];
  const redraws: (() => void)[] = [];
  const resizeHandlers: (() => void)[] = [];
  const cols = (): number => Math.max(20, screen.width as number);
  const rows = (): number => Math.max(10, screen.height as number);

  const geometry = (rect: GridRect) => {
    const edge = (n: number, total: number) => Math.round((n * total) / GRID);
    const h = rows() - 1;
    const w = cols();
    const top = 1 + edge(rect.row, h);
    const left = edge(rect.col, w);
    return { top, left, width: edge(rect.col + rect.colSpan, w) - left, height: 1 + edge(rect.row + rect.rowSpan, h) - top };
  };

  const place = <T extends Element>(make: Factory<T>, rect: GridRect, options: Record<string, unknown>): T => {
    const element = make({ ...geometry(rect), border: BORDER, tags: false, ...options });
    screen.append(element);
    placed.push({ element, rect });
    return element;
  };

  const headerBox = blessed.box({ top: 0, left: 0, width: '100%', height: 1, tags: false, style: { fg: 'black', bg: 'cyan' } });
  screen.append(headerBox);

  screen.on('resize', () => {
    for (const { element, rect } of placed) {
      const g = geometry(rect);
      Object.assign(element, { top: g.top, left: g.left, width: g.width, height: g.height });
      // blessed-contrib canvases size their drawing surface on 'attach'.
      if ('calcSize' in element) element.emit('attach');
    }
    for (const redraw of redraws) redraw();
    for (const handler of resizeHandlers) handler();
    screen.render();
  });

  /** Keeps the last data so a resize can draw it again at the new size. */
  const remember = <T>(draw: (data: T) => void, capacity: () => number): Widget<T> => {
    let last: T | undefined;
    redraws.push(() => {
      if (last !== undefined) draw(last);
    });
    return {
      set(data) {
        last = data;
        draw(data);
      },
      capacity,
    };
  };

  return {
    header() {
      return remember<string>((text) => {
        // A header that leads with a warning (a hot or throttled node) is red.
        headerBox.style.bg = text.startsWith('⚠') ? 'red' : 'cyan';
        headerBox.style.fg = text.startsWith('⚠') ? 'white' : 'black';
        headerBox.setContent(` ${cut(text, cols() - 2)}`);
      }, () => 1);
    },

    line(rect) {
      const el = place(line, rect, {
        showLegend: true,
        legend: { width: 14 },
        wholeNumbersOnly: false,
        xLabelPadding: 3,
        xPadding: 5,
        style: { line: 'yellow', text: 'white', baseline: 'white' },
      });
      return remember<LineChartData>(
        (data) => {
          label(el, data.title);
          el.options['maxY'] = data.maxY;
          if (data.series.length === 0 || data.labels.length === 0) {
            el.clear();
            el.ctx?.fillText(data.note ?? 'no data', 12, 8);
            return;
          }
          const legend = Math.min(24, Math.max(10, ...data.series.map((s) => s.title.length + 3)));
          el.options['legend'] = { width: legend };
          el.setData(data.series.map((s) => ({ title: s.title, x: data.labels, y: s.values, style: { line: s.color } })));
        },
        () => (el.height as number) - 2,
      );
    },

    bar(rect) {
      const el = place(bar, rect, { barWidth: BAR_WIDTH, barSpacing: BAR_SPACING, xOffset: BAR_OFFSET, maxHeight: 100, barBgColor: 'cyan', labelColor: 'white' });
      const capacity = () => Math.max(1, Math.floor(((el.width as number) - 4 - BAR_OFFSET) / BAR_SPACING));
      return remember<BarChartData>(
        (data) => {
          label(el, data.title);
          el.options['maxHeight'] = data.maxValue;
          el.setData({
            titles: data.bars.map((b) => cut(b.label, BAR_SPACING - 1)),
            data: data.bars.map((b) => shownAs(b.value ?? 0, b.text)),
          });
        },
        capacity,
      );
    },

    donuts(rect) {
      const el = place(donut, rect, { arcWidth: 3, spacing: DONUT_SPACING, yPadding: 2, remainColor: 'black' });
      const capacity = () => Math.max(1, Math.floor(((el.width as number) * 2 - 5) / (DONUT_MIN_RADIUS * 2 + DONUT_SPACING * 2)));
      return remember<DonutData>(
        (data) => {
          const radius = donutRadius(el.width as number, el.height as number, data.donuts.length);
          label(el, data.title);
          el.options['radius'] = radius;
          el.options['arcWidth'] = Math.max(2, Math.round(radius / 4));
          el.setData(
            data.donuts.map((d) => ({
              label: cut(d.label, Math.max(4, radius)),
              percent: d.fraction,
              color: toneColor(d.tone),
              percentAltNumber: shownAs(d.fraction, d.centre),
            })),
          );
        },
        capacity,
      );
    },

    table(rect) {
      const el = place(table, rect, { columnWidth: [1], columnSpacing: 2, interactive: false, keys: false, fg: 'white' });
      // blessed-contrib indents the rows one column more than the header; line them up.
      el.rows.left = 0;
      return remember<TableData>(
        (data) => {
          label(el, data.title);
          el.options['columnWidth'] = [...data.widths];
          el.setData({ headers: [...data.headers], data: data.rows.map((r) => r.map(toned)) });
        },
        () => (el.height as number) - 4,
      );
    },

    text(rect) {
      const el = place(blessed.box, rect, { scrollable: false, style: { fg: 'white' } });
      return remember<TextPanel>(
        (data) => {
          label(el, data.title);
          const inner = (el.width as number) - 3;
          el.setContent(data.lines.map((l) => toned({ ...l, text: cut(l.text, inner) })).join('\n'));
        },
        () => (el.height as number) - 2,
      );
    },

    size: () => ({ columns: cols(), rows: rows() }),
    render: () => screen.render(),
    onKeys(keys, handler) {
      screen.key([...keys], handler);
    },
    onResize(handler) {
      resizeHandlers.push(handler);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      screen.destroy();
    },
  };
}
