import { topDialog, type UiState } from '../console-state.js';
import { screenLayout } from '../layout.js';
import type { PaneId } from '../render/pane-lines.js';

/** Where a pane sits on the screen: full rows from `top` (0 is the frame's first row), `height` rows. */
export interface PaneRect {
  readonly pane: PaneId;
  readonly top: number;
  readonly height: number;
}

/**
 * The painted panes of the screen as components/screen.tsx stacks them (header; the table and
 * the throughput and event panes, or the details or load-test results view; the status line), each as tall as its
 * box: the table always 1 + tableRows, whatever the filter leaves. Rows past the body's box or
 * the screen's height are cut off, as Ink clips them. A dialog boxed in place of panes, the help
 * overlay, and a filter or command being typed on the status line take the panes they cover
 * away: those rows are Ink's.
 */
export function paneRects(size: { readonly columns: number; readonly rows: number }, nodeCount: number, ui: UiState): PaneRect[] {
  const layout = screenLayout(size, nodeCount);
  const top = topDialog(ui);
  const boxed = top !== undefined && top.kind !== 'filter' && top.kind !== 'command' && top.kind !== 'help';
  const rects: PaneRect[] = [{ pane: 'header', top: 0, height: 2 }];
  const body = 2;
  if (top?.kind !== 'help' && !boxed && ui.view !== 'nodes') rects.push({ pane: ui.view, top: body, height: layout.detailRows });
  if (top?.kind !== 'help' && ui.view === 'nodes') {
    let y = body;
    rects.push({ pane: 'table', top: y, height: 1 + layout.tableRows });
    y += 1 + layout.tableRows;
    if (!boxed && layout.chartRows > 0) {
      rects.push({ pane: 'throughput', top: y, height: 1 + layout.chartRows });
      y += 1 + layout.chartRows;
    }
    if (!boxed && layout.eventRows > 0) rects.push({ pane: 'events', top: y, height: 1 + layout.eventRows });
  }
  if (layout.statusRows > 0 && top?.kind !== 'filter' && top?.kind !== 'command') rects.push({ pane: 'status', top: body + layout.detailRows, height: 1 });
  const bodyEnd = body + layout.detailRows;
  return rects
    .map((r) => {
      const end = Math.min(r.top + r.height, layout.height, r.pane === 'header' || r.pane === 'status' ? layout.height : bodyEnd);
      return { ...r, height: Math.max(0, end - r.top) };
    })
    .filter((r) => r.height > 0);
}
