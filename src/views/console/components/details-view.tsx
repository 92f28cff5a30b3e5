import { Text } from 'ink';
import { useConsoleView, useNow } from '../console-context.js';
import { effectiveSelection } from '../console-reducer.js';
import { detailLines } from '../render/details-lines.js';
import { visibleNodes } from '../render/node-filter.js';
import { Painted } from './painted.js';

/** Everything known about the selected node: per-core CPU, services, backends, throttle history. */
export function DetailsView({ rows }: { readonly rows: number }) {
  const { cluster, ui, size } = useConsoleView();
  const now = useNow();
  const name = effectiveSelection(ui, visibleNodes(cluster, ui.filter).map((n) => n.spec.name));
  const row = cluster.nodes.find((n) => n.spec.name === name);
  if (row === undefined) return <Text dimColor>no node selected (Esc back)</Text>;
  const lines = detailLines(cluster, row, now, size.columns);
  return <Painted lines={lines.slice(0, rows)} width={size.columns} />;
}
