import type { Dialog, Flash, RecentRuns, UiState } from './console-state.js';
import { topDialog } from './console-state.js';
import { nextSort } from './render/node-sort.js';

/** Every change to the console's own state; key handling turns keys into these. */
export type UiMessage =
  | { readonly type: 'move'; readonly delta: number; readonly visible: readonly string[] }
  | { readonly type: 'select'; readonly node: string }
  | { readonly type: 'view'; readonly view: UiState['view'] }
  | { readonly type: 'open'; readonly dialog: Dialog }
  /** Replaces the top dialog (the guard's force dialog after a refusal, a picker's next step). */
  | { readonly type: 'replace'; readonly dialog: Dialog }
  | { readonly type: 'close' }
  | { readonly type: 'focus-switch' }
  | { readonly type: 'pick'; readonly delta: number }
  | { readonly type: 'edit'; readonly draft: string }
  | { readonly type: 'dialog-error'; readonly error: string }
  | { readonly type: 'set-filter'; readonly filter: string }
  | { readonly type: 'flash'; readonly flash: Flash }
  | { readonly type: 'clear-flash' }
  | { readonly type: 'runs'; readonly runs: RecentRuns }
  /** Older (+1) or newer (-1) run in the results view. */
  | { readonly type: 'browse-runs'; readonly delta: number }
  /** Flagged runs in the side-by-side comparison, or not. */
  | { readonly type: 'toggle-flagged' }
  /** The nodes table by the next column (`o`), or the same one the other way (`O`). */
  | { readonly type: 'sort'; readonly how: 'next' | 'reverse' };

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

function withTop(ui: UiState, change: (d: Dialog) => Dialog): UiState {
  const top = topDialog(ui);
  if (top === undefined) return ui;
  return { ...ui, dialogs: [...ui.dialogs.slice(0, -1), change(top)] };
}

export function reduceUi(ui: UiState, message: UiMessage): UiState {
  switch (message.type) {
    case 'move': {
      const { visible, delta } = message;
      if (visible.length === 0) return ui;
      // Nothing selected (or hidden by the filter) shows the first row selected: move from there.
      const at = Math.max(0, ui.selected === undefined ? 0 : visible.indexOf(ui.selected));
      const next = clamp(at + delta, 0, visible.length - 1);
      return { ...ui, selected: visible[next] as string };
    }
    case 'select':
      return { ...ui, selected: message.node };
    case 'view':
      return { ...ui, view: message.view };
    case 'open':
      return { ...ui, dialogs: [...ui.dialogs, message.dialog] };
    case 'replace':
      return { ...ui, dialogs: [...ui.dialogs.slice(0, -1), message.dialog] };
    case 'close':
      return { ...ui, dialogs: ui.dialogs.slice(0, -1) };
    case 'focus-switch':
      return withTop(ui, (d) => (d.kind === 'confirm' ? { ...d, focus: d.focus === 'cancel' ? 'action' : 'cancel' } : d));
    case 'pick':
      return withTop(ui, (d) =>
        d.kind === 'services' || d.kind === 'presets'
          ? { ...d, index: clamp(d.index + message.delta, 0, Math.max(0, d.choices.length - 1)) }
          : d,
      );
    case 'edit':
      return withTop(ui, (d) => {
        if (d.kind === 'filter' || d.kind === 'passphrase') return { ...d, draft: message.draft };
        if (d.kind === 'command' || d.kind === 'weight') {
          const { error: _dropped, ...rest } = d;
          return { ...rest, draft: message.draft };
        }
        return d;
      });
    case 'dialog-error':
      return withTop(ui, (d) => (d.kind === 'command' || d.kind === 'weight' ? { ...d, error: message.error } : d));
    case 'set-filter':
      return { ...ui, filter: message.filter };
    case 'flash':
      return { ...ui, flash: message.flash };
    case 'runs':
      // A fresh read (the view opened, or a run ended) shows the newest run.
      return { ...ui, runs: message.runs, runsBack: 0 };
    case 'browse-runs': {
      const count = ui.runs?.state === 'loaded' ? ui.runs.records.length : 0;
      return { ...ui, runsBack: clamp(ui.runsBack + message.delta, 0, Math.max(0, count - 1)) };
    }
    case 'toggle-flagged':
      return { ...ui, includeFlagged: ui.includeFlagged !== true };
    case 'sort': {
      const { sort: _old, ...rest } = ui;
      const sort = message.how === 'next' ? nextSort(ui.sort) : ui.sort === undefined ? nextSort(undefined) : { ...ui.sort, descending: !ui.sort.descending };
      return sort === undefined ? rest : { ...rest, sort };
    }
    case 'clear-flash': {
      const { flash: _cleared, ...rest } = ui;
      return rest;
    }
  }
}

/** The selection as shown: the selected node if visible, else the first visible one. */
export function effectiveSelection(ui: UiState, visible: readonly string[]): string | undefined {
  if (ui.selected !== undefined && visible.includes(ui.selected)) return ui.selected;
  return visible[0];
}
