import { usePaneView } from '../console-context.js';
import { paneWidth } from '../render/pane-lines.js';
import { throughputLines } from '../render/throughput-lines.js';
import { Painted } from './painted.js';

/** Cluster req/s over the last minutes as a braille line chart, with the per-server share. */
export function ThroughputPane({ rows }: { readonly rows: number }) {
  const view = usePaneView();
  return <Painted lines={throughputLines(view, rows)} width={paneWidth('throughput', view.size.columns)} />;
}
