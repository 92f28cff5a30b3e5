import type { ClusterSource, DirectPanes } from '../console-ports.js';
import { paintLine } from '../render/paint.js';
import { paneLines, paneWidth } from '../render/pane-lines.js';
import type { PaneView } from '../render/pane-view.js';
import type { UiStore } from '../ui-store.js';
import { diffPanes, synchronized, type PaintedRows } from './pane-diff.js';
import { paneRects } from './pane-rects.js';

/**
 * Direct panes: the panes whose content follows the cluster, the UI state or the clock are drawn
 * here, straight to the terminal, not through Ink (whose frame has blank boxes in their place,
 * so it does not change with the data and React does not re-render for it). Each update writes
 * only the rows that changed; after every frame Ink writes (its erase wiped the panes) every
 * pane is drawn again.
 */

export interface PanePainterOptions {
  readonly cluster: ClusterSource;
  readonly ui: UiStore;
  readonly now: () => number;
  readonly readOnly: boolean;
  readonly color: boolean;
  /** The terminal's size until the screen tells the size it laid out for (laidOut). */
  readonly size: () => { readonly columns: number; readonly rows: number };
  /** Straight to the terminal (not through Ink's stdout). */
  readonly write: (bytes: string) => void;
}

export interface PanePainter extends DirectPanes {
  /** Follows the cluster, the UI store and the wall clock from now on, and draws the panes. */
  start(): void;
  stop(): void;
  /** The bytes that draw every pane again, to write right after a frame of Ink's, inside its synchronized update. */
  afterInkFrame(): string;
  /** The bytes for the rows that changed since the last update (what is on screen is then taken as drawn). */
  update(): string;
  /** Forget what is on screen (the terminal was resized): the next update draws every pane. */
  invalidate(): void;
}

export function createPanePainter(options: PanePainterOptions): PanePainter {
  let onScreen: PaintedRows = new Map();
  /** After a resize what is on screen is not known: every pane row is drawn, blank ones too. */
  let unknown = false;
  let running = false;
  let scheduled: NodeJS.Immediate | undefined;
  let clock: NodeJS.Timeout | undefined;
  const unsubscribe: (() => void)[] = [];
  let laidOut: { readonly columns: number; readonly rows: number } | undefined;

  const update = (): string => {
    if (!running) return '';
    const cluster = options.cluster.getState();
    const ui = options.ui.getState();
    const size = laidOut ?? options.size();
    const view: PaneView = { now: options.now(), cluster, ui, size, readOnly: options.readOnly };
    const panes = paneRects(size, cluster.nodes.length, ui).map((rect) => {
      const width = paneWidth(rect.pane, size.columns);
      const lines = paneLines(rect.pane, view, rect.height).slice(0, rect.height);
      return { top: rect.top, height: rect.height, lines: lines.map((l) => paintLine(l, width, options.color)) };
    });
    const before = unknown ? new Map(panes.flatMap((p) => Array.from({ length: p.height }, (_, i): [number, string] => [p.top + i, '\u0000']))) : onScreen;
    unknown = false;
    const diff = diffPanes(before, panes);
    onScreen = diff.rows;
    return diff.bytes;
  };
  // After the stores' other listeners (React, and Ink's frame if the layout changed) have run.
  const schedule = (): void => {
    if (!running || scheduled !== undefined) return;
    scheduled = setImmediate(() => {
      scheduled = undefined;
      const bytes = update();
      if (bytes !== '') options.write(synchronized(bytes));
    });
  };
  const tick = (): void => {
    clock = setTimeout(() => {
      schedule();
      tick();
    }, 1005 - (options.now() % 1000));
    clock.unref?.();
  };

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe.push(options.cluster.subscribe(schedule), options.ui.subscribe(schedule));
      tick();
      schedule();
    },
    stop() {
      running = false;
      for (const u of unsubscribe.splice(0)) u();
      if (scheduled !== undefined) clearImmediate(scheduled);
      if (clock !== undefined) clearTimeout(clock);
      scheduled = undefined;
    },
    afterInkFrame() {
      onScreen = new Map();
      unknown = false;
      return update();
    },
    update,
    laidOut(size) {
      laidOut = size;
    },
    invalidate() {
      unknown = true;
      schedule();
    },
  };
}
