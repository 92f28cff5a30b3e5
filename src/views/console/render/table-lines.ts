import type { ActionActivity } from '../../../core/cluster/cluster-state.js';
import { effectiveSelection } from '../console-reducer.js';
import { fitColumns, visibleWindow } from '../layout.js';
import { headerCells, renderNodeRow } from './node-cells.js';
import { serversOf, visibleNodes } from './node-filter.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from '../../../core/present/tone.js';

const MARK = 2;

/**
 * The nodes table: its title line, then one line per node (head first), only the `rows` that
 * fit, scrolled to keep the selection shown; a note instead when the filter matches nothing.
 */
export function nodesTableLines({ cluster, ui, size, now }: PaneView, rows: number): Segment[][] {
  const nodes = visibleNodes(cluster, ui.filter, ui.sort);
  const longest = Math.max(4, ...cluster.nodes.map((n) => n.spec.name.length));
  const columns = fitColumns(size.columns - MARK - 1, longest);
  const names = nodes.map((n) => n.spec.name);
  const selected = effectiveSelection(ui, names);
  const at = selected === undefined ? 0 : names.indexOf(selected);
  const { start, end } = visibleWindow(nodes.length, at, rows);
  const latest = new Map<string, ActionActivity>();
  for (const a of cluster.actions) latest.set(a.target, a);
  const haproxyStale = cluster.haproxy.state !== 'ok';
  const lines: Segment[][] = [[seg(`  ${headerCells(columns, ui.sort)}`, 'heading')]];
  for (const row of nodes.slice(start, end)) {
    const isSelected = row.spec.name === selected;
    const activity = latest.get(row.spec.name);
    const [name, ...rest] = renderNodeRow(row, serversOf(cluster, row.spec.name), columns, { now, haproxyStale, ...(activity !== undefined && { activity }) });
    lines.push([seg(isSelected ? '▸ ' : '  ', 'accent'), ...(name !== undefined ? [seg(name.text, isSelected ? 'selected' : 'normal')] : []), ...rest]);
  }
  if (nodes.length === 0) lines.push([seg(`  no node matches the filter "${ui.filter}" (Esc clears it)`, 'dim')]);
  return lines;
}
