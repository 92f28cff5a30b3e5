import type { Dialog } from '../console-state.js';
import { ChoiceList } from './choice-list.js';

type Services = Extract<Dialog, { kind: 'services' }>;

/** Which service to restart on the node (the restart is confirmed next). */
export function ServicePicker({ dialog, rows }: { readonly dialog: Services; readonly rows: number }) {
  return <ChoiceList title={`Restart which service on ${dialog.node}?  ↑/↓ · Enter · Esc`} choices={dialog.choices.map((name) => ({ name }))} index={dialog.index} rows={rows} />;
}
