import { useConsoleView, usePaneView } from '../console-context.js';
import { topDialog } from '../console-state.js';
import { paneWidth } from '../render/pane-lines.js';
import { statusSegments } from '../render/status-segments.js';
import { CommandLineInput } from './command-line-input.js';
import { FilterInput } from './filter-input.js';
import { Painted } from './painted.js';

/** The line above the footer: the filter or command being typed, else the latest action or message. */
export function StatusLine() {
  const { ui } = useConsoleView();
  const view = usePaneView();
  const top = topDialog(ui);
  if (top?.kind === 'filter') return <FilterInput draft={top.draft} />;
  if (top?.kind === 'command') return <CommandLineInput draft={top.draft} {...(top.error !== undefined && { error: top.error })} />;
  return <Painted lines={[statusSegments(view)]} width={paneWidth('status', view.size.columns)} />;
}
