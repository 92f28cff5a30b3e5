import { usePaneView } from '../console-context.js';
import { detailsPaneLines } from '../render/details-lines.js';
import { paneWidth } from '../render/pane-lines.js';
import { Painted } from './painted.js';

/** Everything known about the selected node: per-core CPU, services, backends, throttle history. */
export function DetailsView({ rows }: { readonly rows: number }) {
  const view = usePaneView();
  return <Painted lines={detailsPaneLines(view, rows)} width={paneWidth('details', view.size.columns)} />;
}
