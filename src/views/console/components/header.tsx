import { usePaneView } from '../console-context.js';
import { headerLines } from '../render/header-lines.js';
import { paneWidth } from '../render/pane-lines.js';
import { Painted } from './painted.js';

/** Profile, HAProxy version, cluster req/s, sessions, 5xx/s, a load test in progress, the clock. */
export function Header() {
  const view = usePaneView();
  return <Painted lines={headerLines(view)} width={paneWidth('header', view.size.columns)} />;
}
