import { usePaneView } from '../console-context.js';
import { paneWidth } from '../render/pane-lines.js';
import { nodesTableLines } from '../render/table-lines.js';
import { Painted } from './painted.js';

/** One row per node, head first; only the rows that fit, scrolled to keep the selection shown. */
export function NodesTable({ rows }: { readonly rows: number }) {
  const view = usePaneView();
  return <Painted lines={nodesTableLines(view, rows)} width={paneWidth('table', view.size.columns)} />;
}
