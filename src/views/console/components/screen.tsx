import { Box } from 'ink';
import type { ReactNode } from 'react';
import { useConsoleServices, useConsoleView } from '../console-context.js';
import { topDialog, type Dialog } from '../console-state.js';
import { screenLayout } from '../layout.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DetailsView } from './details-view.js';
import { EventLog } from './event-log.js';
import { Footer } from './footer.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { LoadTestsView } from './load-tests-view.js';
import { NodesTable } from './nodes-table.js';
import { PassphrasePrompt } from './passphrase-prompt.js';
import { PresetPicker } from './preset-picker.js';
import { ServicePicker } from './service-picker.js';
import { StatusLine } from './status-line.js';
import { ThroughputPane } from './throughput-pane.js';
import { WeightPrompt } from './weight-prompt.js';

function DialogBox({ dialog, rows }: { readonly dialog: Dialog; readonly rows: number }) {
  switch (dialog.kind) {
    case 'confirm':
      return <ConfirmDialog dialog={dialog} />;
    case 'weight':
      return <WeightPrompt dialog={dialog} />;
    case 'passphrase':
      return <PassphrasePrompt dialog={dialog} />;
    case 'services':
      return <ServicePicker dialog={dialog} rows={rows} />;
    case 'presets':
      return <PresetPicker dialog={dialog} rows={rows} />;
    default:
      return null;
  }
}

/** The pane, or with direct panes a blank box of its height (direct/pane-rects.ts places the pane there). */
function pane(direct: boolean, height: number, element: ReactNode): ReactNode {
  return direct ? <Box height={height} flexShrink={0} /> : element;
}

/**
 * The whole screen, at most rows − 1 tall: header, nodes table, throughput and events (or the
 * details or load-test results view), a dialog in place of the lower panes, status line, footer.
 */
export function Screen() {
  const { cluster, ui, size } = useConsoleView();
  const direct = useConsoleServices().deps.directPanes !== undefined;
  const layout = screenLayout(size, cluster.nodes.length);
  const top = topDialog(ui);
  const panes = layout.chartRows + layout.eventRows + (layout.chartRows > 0 ? 1 : 0) + (layout.eventRows > 0 ? 1 : 0);
  const boxed = top !== undefined && top.kind !== 'filter' && top.kind !== 'command' && top.kind !== 'help';
  let body;
  if (top?.kind === 'help') body = <HelpOverlay rows={layout.detailRows} />;
  else if (ui.view === 'details') body = pane(direct, layout.detailRows, <DetailsView rows={layout.detailRows} />);
  else if (ui.view === 'loadtests') body = pane(direct, layout.detailRows, <LoadTestsView rows={layout.detailRows} />);
  else {
    body = (
      <>
        {pane(direct, 1 + layout.tableRows, <NodesTable rows={layout.tableRows} />)}
        {boxed ? (
          <Box height={panes} overflowY="hidden" alignItems="flex-start">
            <DialogBox dialog={top} rows={panes} />
          </Box>
        ) : (
          <>
            {layout.chartRows > 0 ? pane(direct, 1 + layout.chartRows, <ThroughputPane rows={layout.chartRows} />) : null}
            {layout.eventRows > 0 ? pane(direct, 1 + layout.eventRows, <EventLog rows={layout.eventRows} />) : null}
          </>
        )}
      </>
    );
  }
  return (
    <Box flexDirection="column" width={size.columns} height={layout.height} overflowY="hidden">
      {pane(direct, 2, <Header />)}
      <Box flexDirection="column" height={layout.detailRows} overflowY="hidden">
        {boxed && ui.view !== 'nodes' ? <DialogBox dialog={top} rows={layout.detailRows} /> : body}
      </Box>
      {layout.statusRows > 0 ? direct && top?.kind !== 'filter' && top?.kind !== 'command' ? pane(direct, 1, null) : <StatusLine /> : null}
      {layout.footerRows > 0 ? <Footer /> : null}
    </Box>
  );
}
