import type { Dialog } from '../console-state.js';
import { ChoiceList } from './choice-list.js';

type Presets = Extract<Dialog, { kind: 'presets' }>;

/** The profile's load-test presets (or stopping the one that runs). */
export function PresetPicker({ dialog, rows }: { readonly dialog: Presets; readonly rows: number }) {
  return (
    <ChoiceList
      title="Load test: which preset?  ↑/↓ · Enter runs · Esc"
      choices={dialog.choices}
      index={dialog.index}
      rows={rows}
      {...(dialog.note !== undefined && { note: dialog.note })}
    />
  );
}
