import { usePaneView } from '../console-context.js';
import { eventLines } from '../render/event-lines.js';
import { paneWidth } from '../render/pane-lines.js';
import { Painted } from './painted.js';

/** What picon did and what it saw change, newest at the bottom. */
export function EventLog({ rows }: { readonly rows: number }) {
  const view = usePaneView();
  return <Painted lines={eventLines(view, rows)} width={paneWidth('events', view.size.columns)} />;
}
