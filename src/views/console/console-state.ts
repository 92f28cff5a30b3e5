import type { ResolvedAction } from '../../core/actions/resolve-action.js';
import type { RolloutRequest } from '../../core/rollout/rollout-request.js';
import type { RunRecord } from '../../core/loadtest/run-record.js';
import type { KeyContext } from './keymap.js';
import type { NodeSort } from './render/node-sort.js';

/** The console's own state (what is selected and open), apart from the cluster's. */

export type Dialog =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'confirm';
      readonly action: ResolvedAction | RolloutRequest;
      readonly title: string;
      readonly lines: readonly string[];
      /** 'force': the last-UP guard said no; only choosing Force goes ahead. */
      readonly variant: 'confirm' | 'force';
      readonly focus: 'cancel' | 'action';
    }
  | { readonly kind: 'weight'; readonly node: string; readonly current?: number; readonly initial?: number; readonly draft: string; readonly error?: string }
  | {
      readonly kind: 'services';
      readonly node: string;
      readonly choices: readonly string[];
      readonly index: number;
      /** The `R` key's picker: the rollout each choice starts. */
      readonly rollouts?: readonly RolloutRequest[];
    }
  | { readonly kind: 'presets'; readonly choices: readonly { readonly name: string; readonly description?: string }[]; readonly index: number; readonly note?: string }
  | { readonly kind: 'filter'; readonly draft: string }
  /** A key file's passphrase, asked for by a connection; the draft is never drawn. */
  | { readonly kind: 'passphrase'; readonly file: string; readonly draft: string }
  | { readonly kind: 'command'; readonly draft: string; readonly error?: string };

export interface Flash {
  readonly text: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly at: number;
}

/** The profile's last load-test runs as the results view last read them (newest last). */
export type RecentRuns =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly records: readonly RunRecord[] }
  | { readonly state: 'failed'; readonly reason: string };

export interface UiState {
  readonly view: 'nodes' | 'details' | 'loadtests';
  /** The selected node's name (kept by name so a filter or reorder does not move it). */
  readonly selected?: string;
  readonly filter: string;
  /** Open dialogs, the top one last. */
  readonly dialogs: readonly Dialog[];
  readonly flash?: Flash;
  /** Read when the load-test results view opens and after a run in this console ends. */
  readonly runs?: RecentRuns;
  /** Which run the results view shows in full: how many runs before the newest (0: the newest). */
  readonly runsBack: number;
  /** The results view's comparison shows flagged runs too (`f`). */
  readonly includeFlagged?: boolean;
  /** The nodes table's order (`o` cycles the column, `O` reverses); absent: the profile's order. */
  readonly sort?: NodeSort;
}

export const initialUiState = (selected?: string): UiState => ({
  view: 'nodes',
  ...(selected !== undefined && { selected }),
  filter: '',
  dialogs: [],
  runsBack: 0,
});

export function topDialog(ui: UiState): Dialog | undefined {
  return ui.dialogs[ui.dialogs.length - 1];
}

/** Which keymap context the keyboard is in. */
export function keyContext(ui: UiState): KeyContext {
  const top = topDialog(ui);
  if (top === undefined) return ui.view;
  switch (top.kind) {
    case 'help':
      return 'help';
    case 'confirm':
      return 'confirm';
    case 'weight':
      return 'prompt';
    case 'services':
    case 'presets':
      return 'picker';
    case 'filter':
    case 'command':
    case 'passphrase':
      return 'text';
  }
}
