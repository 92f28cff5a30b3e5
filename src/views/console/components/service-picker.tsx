import type { Dialog } from '../console-state.js';
import { ChoiceList } from './choice-list.js';

type Services = Extract<Dialog, { kind: 'services' }>;

/** Which service to restart on the node (the restart is confirmed next). */
export function ServicePicker({ dialog, rows }: { readonly dialog: Services; readonly rows: number }) {
  const title = dialog.rollouts !== undefined ? 'Rolling restart: which service, on which nodes?' : `Restart which service on ${dialog.node}?`;
  return <ChoiceList title={`${title}  ↑/↓ · Enter · Esc`} choices={dialog.choices.map((name) => ({ name }))} index={dialog.index} rows={rows} />;
}
