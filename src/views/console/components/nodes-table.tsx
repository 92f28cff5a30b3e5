import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { ActionActivity } from '../../../core/cluster/cluster-state.js';
import { useConsoleView, useNow } from '../console-context.js';
import { effectiveSelection } from '../console-reducer.js';
import { fitColumns, visibleWindow } from '../layout.js';
import { headerCells, renderNodeRow } from '../render/node-cells.js';
import { serversOf, visibleNodes } from '../render/node-filter.js';
import { seg } from '../render/tone.js';
import { Painted } from './painted.js';

const MARK = 2;

/** One row per node, head first; only the rows that fit, scrolled to keep the selection shown. */
export function NodesTable({ rows }: { readonly rows: number }) {
  const { cluster, ui, size } = useConsoleView();
  const now = useNow();
  const nodes = useMemo(() => visibleNodes(cluster, ui.filter), [cluster, ui.filter]);
  const longest = Math.max(4, ...cluster.nodes.map((n) => n.spec.name.length));
  const columns = useMemo(() => fitColumns(size.columns - MARK - 1, longest), [size.columns, longest]);
  const names = nodes.map((n) => n.spec.name);
  const selected = effectiveSelection(ui, names);
  const at = selected === undefined ? 0 : names.indexOf(selected);
  const { start, end } = visibleWindow(nodes.length, at, rows);
  const latest = new Map<string, ActionActivity>();
  for (const a of cluster.actions) latest.set(a.target, a);
  const haproxyStale = cluster.haproxy.state !== 'ok';
  const lines = nodes.slice(start, end).map((row) => {
    const isSelected = row.spec.name === selected;
    const activity = latest.get(row.spec.name);
    const [name, ...rest] = renderNodeRow(row, serversOf(cluster, row.spec.name), columns, { now, haproxyStale, ...(activity !== undefined && { activity }) });
    return [seg(isSelected ? '▸ ' : '  ', 'accent'), ...(name !== undefined ? [seg(name.text, isSelected ? 'selected' : 'normal')] : []), ...rest];
  });
  return (
    <Box flexDirection="column">
      <Painted lines={[[seg(`  ${headerCells(columns)}`, 'heading')], ...lines]} width={size.columns - 1} />
      {nodes.length === 0 ? <Text dimColor>  no node matches the filter "{ui.filter}" (Esc clears it)</Text> : null}
    </Box>
  );
}
