import { describe, expect, it } from 'vitest';
import { initialUiState, type Dialog, type UiState } from '../../src/views/console/console-state.js';
import { paneRects } from '../../src/views/console/direct/pane-rects.js';
import { renderConsole } from '../support/render-console.js';

const withDialog = (dialog: Dialog, ui: UiState = initialUiState()): UiState => ({ ...ui, dialogs: [dialog] });
const confirm: Dialog = { kind: 'confirm', action: { request: { kind: 'drain', node: 'p2' } } as never, title: 'drain p2?', lines: [], variant: 'confirm', focus: 'cancel' };
const rectsOf = (size: { columns: number; rows: number }, ui: UiState, nodes = 5) => paneRects(size, nodes, ui).map((r) => [r.pane, r.top, r.height]);

describe('paneRects: where the painted panes sit', () => {
  it('stacks header, table, throughput, events and status in a 120×40 terminal, inside rows − 1', () => {
    expect(rectsOf({ columns: 120, rows: 40 }, initialUiState())).toEqual([
      ['header', 0, 2],
      ['table', 2, 6],
      ['throughput', 8, 11],
      ['events', 19, 18],
      ['status', 37, 1],
    ]);
  });

  it('puts each pane where the Ink-drawn screen has it (same layout, same terminal)', async () => {
    const view = await renderConsole({ size: { columns: 120, rows: 40 } });
    const lines = view.frame().split('\n');
    view.unmount();
    const top = Object.fromEntries(paneRects({ columns: 120, rows: 40 }, 5, initialUiState()).map((r) => [r.pane, r.top]));
    expect(lines[top['header'] ?? -1]).toMatch(/^picon lab/);
    expect(lines[top['table'] ?? -1]).toMatch(/^ {2}NODE/);
    expect(lines[top['throughput'] ?? -1]).toMatch(/^─ Throughput/);
    expect(lines[top['events'] ?? -1]).toMatch(/^─ Events/);
    expect(lines[(top['status'] ?? -1) + 1]).toMatch(/Enter details/);
  });

  it('leaves the rows of a boxed dialog to Ink: the table stays, throughput and events go', () => {
    expect(rectsOf({ columns: 120, rows: 40 }, withDialog(confirm)).map(([p]) => p)).toEqual(['header', 'table', 'status']);
  });

  it('the help overlay takes the whole body; a filter being typed takes the status line', () => {
    expect(rectsOf({ columns: 120, rows: 40 }, withDialog({ kind: 'help' })).map(([p]) => p)).toEqual(['header', 'status']);
    expect(rectsOf({ columns: 120, rows: 40 }, withDialog({ kind: 'filter', draft: 'p' })).map(([p]) => p)).toEqual(['header', 'table', 'throughput', 'events']);
  });

  it('the details view is one pane over the whole body, unless a dialog is boxed over it', () => {
    const details: UiState = { ...initialUiState(), view: 'details' };
    expect(rectsOf({ columns: 120, rows: 40 }, details)).toEqual([
      ['header', 0, 2],
      ['details', 2, 35],
      ['status', 37, 1],
    ]);
    expect(rectsOf({ columns: 120, rows: 40 }, withDialog(confirm, details)).map(([p]) => p)).toEqual(['header', 'status']);
  });

  it('the load-test results view is one pane over the whole body too, and gives way to the preset picker', () => {
    const results: UiState = { ...initialUiState(), view: 'loadtests' };
    expect(rectsOf({ columns: 80, rows: 24 }, results)).toEqual([
      ['header', 0, 2],
      ['loadtests', 2, 19],
      ['status', 21, 1],
    ]);
    const picker: Dialog = { kind: 'presets', choices: [{ name: 'smoke' }], index: 0 };
    expect(rectsOf({ columns: 80, rows: 24 }, withDialog(picker, results)).map(([p]) => p)).toEqual(['header', 'status']);
  });

  it('the table is as tall as its box (title + rows that fit); in a short terminal only its title, or nothing', () => {
    const table = (rows: number, nodes: number) => rectsOf({ columns: 80, rows }, initialUiState(), nodes).find(([p]) => p === 'table');
    expect(table(40, 51)).toEqual(['table', 2, 28]);
    expect(table(6, 5)).toEqual(['table', 2, 1]);
    expect(table(5, 5)).toBeUndefined();
  });

  it('cuts the header in a terminal of two rows and places nothing past the screen', () => {
    expect(rectsOf({ columns: 80, rows: 2 }, initialUiState())).toEqual([['header', 0, 1]]);
    for (const rows of [3, 4, 5, 8, 12, 24]) {
      for (const [, top, height] of rectsOf({ columns: 80, rows }, initialUiState())) expect(Number(top) + Number(height)).toBeLessThanOrEqual(rows - 1);
    }
  });
});
