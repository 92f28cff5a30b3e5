import { detailsPaneLines } from './details-lines.js';
import { eventLines } from './event-lines.js';
import { headerLines } from './header-lines.js';
import { loadTestsPaneLines } from './load-test-lines.js';
import type { PaneView } from './pane-view.js';
import { statusSegments } from './status-segments.js';
import { nodesTableLines } from './table-lines.js';
import { throughputLines } from './throughput-lines.js';
import type { Segment } from '../../../core/present/tone.js';

/** The panes whose content follows the cluster, the clock or the selection (drawn by picon, not laid out by Ink). */
export type PaneId = 'header' | 'table' | 'throughput' | 'events' | 'details' | 'loadtests' | 'status';

/** A pane's lines for a box `height` rows tall (titles included), as the components and the direct painter both draw them. */
export function paneLines(pane: PaneId, view: PaneView, height: number): Segment[][] {
  switch (pane) {
    case 'header':
      return headerLines(view);
    case 'table':
      return nodesTableLines(view, height - 1);
    case 'throughput':
      return throughputLines(view, height - 1);
    case 'events':
      return eventLines(view, height - 1);
    case 'details':
      return detailsPaneLines(view, height);
    case 'loadtests':
      return loadTestsPaneLines(view, height);
    case 'status':
      return [statusSegments(view)];
  }
}

/** The width a pane's lines are cut at, in a terminal `columns` wide. */
export function paneWidth(pane: PaneId, columns: number): number {
  return pane === 'table' || pane === 'throughput' ? columns - 1 : columns;
}
