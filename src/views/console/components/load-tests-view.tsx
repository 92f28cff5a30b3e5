import { usePaneView } from '../console-context.js';
import { loadTestsPaneLines } from '../render/load-test-lines.js';
import { paneWidth } from '../render/pane-lines.js';
import { Painted } from './painted.js';

/** The profile's last load-test run in full, and the last runs side by side. */
export function LoadTestsView({ rows }: { readonly rows: number }) {
  const view = usePaneView();
  return <Painted lines={loadTestsPaneLines(view, rows)} width={paneWidth('loadtests', view.size.columns)} />;
}
