import { describe, expect, it } from 'vitest';
import { effectiveSelection, reduceUi, type UiMessage } from '../../src/views/console/console-reducer.js';
import { initialUiState, keyContext, type UiState } from '../../src/views/console/console-state.js';

const visible = ['head', 'p1', 'p2', 'p3'];
const run = (messages: UiMessage[], from: UiState = initialUiState()): UiState => messages.reduce(reduceUi, from);
const drain = { kind: 'drain', node: 'p2', force: false } as const;

describe('console reducer', () => {
  it('moves the selection by name and stops at the ends', () => {
    expect(run([{ type: 'move', delta: 1, visible }]).selected).toBe('p1');
    expect(run([{ type: 'move', delta: 1, visible }, { type: 'move', delta: 1, visible }]).selected).toBe('p2');
    expect(run([{ type: 'move', delta: -1, visible }]).selected).toBe('head');
    expect(run([{ type: 'select', node: 'p9' }, { type: 'move', delta: 1, visible }]).selected).toBe('p1');
    expect(run([{ type: 'select', node: 'p3' }, { type: 'move', delta: 5, visible }]).selected).toBe('p3');
    expect(run([{ type: 'select', node: 'head' }, { type: 'move', delta: -1, visible }]).selected).toBe('head');
  });

  it('browses the runs read between the newest and the oldest; a fresh read goes back to the newest', () => {
    const runs = { state: 'loaded', records: [{}, {}, {}] } as unknown as Extract<UiMessage, { type: 'runs' }>['runs'];
    const older = { type: 'browse-runs', delta: 1 } as const;
    const newer = { type: 'browse-runs', delta: -1 } as const;
    expect(run([older]).runsBack).toBe(0);
    expect(run([{ type: 'runs', runs }, older, older]).runsBack).toBe(2);
    expect(run([{ type: 'runs', runs }, older, older, older, older]).runsBack).toBe(2);
    expect(run([{ type: 'runs', runs }, older, newer, newer]).runsBack).toBe(0);
    expect(run([{ type: 'runs', runs }, older, older, { type: 'runs', runs }]).runsBack).toBe(0);
    expect(run([{ type: 'runs', runs: { state: 'loading' } }, older]).runsBack).toBe(0);
  });

  it('keeps the selected node when a filter hides it, and shows the first visible instead', () => {
    const ui = run([{ type: 'select', node: 'p3' }, { type: 'set-filter', filter: 'p1' }]);
    expect(ui.selected).toBe('p3');
    expect(effectiveSelection(ui, ['p1'])).toBe('p1');
    expect(effectiveSelection(ui, visible)).toBe('p3');
    expect(effectiveSelection(ui, [])).toBeUndefined();
  });

  it('stacks dialogs; the top one decides the key context', () => {
    let ui = run([{ type: 'open', dialog: { kind: 'help' } }]);
    expect(keyContext(ui)).toBe('help');
    ui = run([{ type: 'open', dialog: { kind: 'confirm', action: { request: drain, steps: [] }, title: 'Drain p2?', lines: [], variant: 'confirm', focus: 'cancel' } }], ui);
    expect(keyContext(ui)).toBe('confirm');
    ui = run([{ type: 'close' }], ui);
    expect(keyContext(ui)).toBe('help');
    ui = run([{ type: 'close' }, { type: 'view', view: 'details' }], ui);
    expect(keyContext(ui)).toBe('details');
  });

  it('a confirm dialog opens on Cancel and focus switches both ways', () => {
    let ui = run([{ type: 'open', dialog: { kind: 'confirm', action: { request: drain, steps: [] }, title: 'Drain p2?', lines: [], variant: 'confirm', focus: 'cancel' } }]);
    ui = run([{ type: 'focus-switch' }], ui);
    expect(ui.dialogs[0]).toMatchObject({ focus: 'action' });
    ui = run([{ type: 'focus-switch' }], ui);
    expect(ui.dialogs[0]).toMatchObject({ focus: 'cancel' });
  });

  it('pickers stay inside their choices', () => {
    const open: UiMessage = { type: 'open', dialog: { kind: 'services', node: 'p1', choices: ['nginx', 'app'], index: 0 } };
    expect(run([open, { type: 'pick', delta: 1 }, { type: 'pick', delta: 1 }]).dialogs[0]).toMatchObject({ index: 1 });
    expect(run([open, { type: 'pick', delta: -1 }]).dialogs[0]).toMatchObject({ index: 0 });
  });

  it('editing a draft clears its error', () => {
    const ui = run([
      { type: 'open', dialog: { kind: 'command', draft: 'drian p2' } },
      { type: 'dialog-error', error: 'unknown command "drian"' },
    ]);
    expect(ui.dialogs[0]).toMatchObject({ error: 'unknown command "drian"' });
    expect(run([{ type: 'edit', draft: 'drain p2' }], ui).dialogs[0]).toEqual({ kind: 'command', draft: 'drain p2' });
  });

  it('messages for a dialog that is not on top change nothing', () => {
    const ui = run([{ type: 'open', dialog: { kind: 'help' } }]);
    expect(run([{ type: 'focus-switch' }, { type: 'pick', delta: 1 }, { type: 'edit', draft: 'x' }], ui)).toEqual(ui);
  });
});
