import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { createClusterStore } from '../../src/adapters/monitor/cluster-store.js';
import type { LoadTestHistory, LoadTestRunner } from '../../src/views/console/console-ports.js';
import { initialUiState } from '../../src/views/console/console-state.js';
import { createPanePainter, type PanePainter } from '../../src/views/console/direct/pane-painter.js';
import { createUiStore } from '../../src/views/console/ui-store.js';
import { liveClusterState, runRecord, T0 } from '../support/console-fixture.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

/** The load-test results view (l): the last run in full, the last runs side by side, Esc back. */

const cluster = runRecord('20250101-113000-aaa', { rps: 812.25, meanMs: 4.925, p95Ms: 9.5, startedAt: T0 - 30 * 60_000 });
const single = runRecord('20250101-114000-bbb', { label: 'Single Pi 3 p1', target: 'nginx', node: 'p1', rps: 500.5, meanMs: 7.99, p95Ms: 14, startedAt: T0 - 20 * 60_000 });
const last = runRecord('20250101-115500-ccc', { label: 'Single Pi Zero p2', target: 'nginx', node: 'p2', rps: 301.75, meanMs: 13.256, p95Ms: 22, startedAt: T0 - 5 * 60_000, throttled: true });

function history(records: RunRecord[]): LoadTestHistory & { reads: number } {
  const h = {
    reads: 0,
    recent(limit: number) {
      h.reads++;
      return Promise.resolve(records.slice(-limit));
    },
  };
  return h;
}

const lineWith = (frame: string, text: string): string => frame.split('\n').find((l) => l.includes(text)) ?? '';

let ui: RenderedConsole | undefined;
afterEach(() => ui?.unmount());

describe('console: load-test results view', () => {
  it('opens with l: the last run in full, then the comparison of the last runs, newest last', async () => {
    ui = await renderConsole({ loadTestHistory: history([cluster, single, last]) });
    await ui.press('l');
    let frame = await ui.waitFor('side by side');
    expect(frame).toContain('─ Last load test');
    expect(lineWith(frame, 'Single Pi Zero p2  FLAGGED')).toContain('2025-01-01 11:55:00 UTC (6m 0s ago)  20250101-115500-ccc');
    expect(frame).toContain('single-nginx → http://127.0.13.11/  (builtin, -c 4, 100 requests, keep-alive)');
    expect(lineWith(frame, 'Requests/s')).toMatch(/Requests\/s\s+301\.75$/);
    expect(lineWith(frame, 'Mean time')).toContain('13.256 ms per request');
    expect(lineWith(frame, 'Latency')).toContain('p50 12 ms  p95 22 ms  p99 33 ms  max 66 ms');
    expect(lineWith(frame, 'Completed')).toContain('100  failed 0  non-2xx 2');
    expect(lineWith(frame, 'Transfer')).toContain('512.0 KiB/s');
    expect(lineWith(frame, 'Servers')).toContain('web/p1 60.0 % (60)  web/p2 40.0 % (40)');
    expect(lineWith(frame, 'Cluster  ')).toContain('HAProxy 2.6.12; weights web/p1 2, web/p2 1, web/p3 1; out: web/p3 DRAIN');
    expect(frame).toContain("⚠ flagged: p2: under-voltage (new since boot by the run's end)");
    // The table `picon bench compare` prints: oldest run first, the newest last; the flagged run left out, in one line.
    expect(frame).toContain('The last 2 runs side by side, newest last');
    expect(lineWith(frame, 'Metric')).toMatch(/^Metric\s+Cluster\s+Single Pi 3 p1$/);
    expect(frame).toContain('1 flagged run left out (p2 throttled); f to show it');
    expect(frame).not.toContain('NODE');
    expect(frame).toMatch(/Esc back {2}b bench {2}↑\/k older {2}↓\/j newer {2}f flagged {2}: cmd {2}\? help {2}q quit/);
    // f: the flagged run side by side with the others; f again hides it.
    await ui.press('f');
    frame = await ui.waitFor('The last 3 runs side by side, newest last');
    expect(lineWith(frame, 'Metric')).toMatch(/^Metric\s+Cluster\s+Single Pi 3 p1\s+Single Pi Zero p2 ⚠$/);
    expect(lineWith(frame, 'Requests Per Second (mean)')).toMatch(/812\.25\s+500\.50\s+301\.75$/);
    expect(lineWith(frame, '95% Time (ms)')).toMatch(/9\.50\s+14\s+22$/);
    expect(frame).toContain('Scaling efficiency: 1.01 (cluster 812.25 req/s ÷ (500.50 + 301.75) single-node req/s)');
    expect(frame).not.toContain('flagged run left out');
    await ui.press('f');
    expect(await ui.waitFor('The last 2 runs side by side')).toContain('1 flagged run left out');
  });

  it('↑ shows the run before in full and the runs up to it side by side; ↓ comes back; a fresh read shows the newest', async () => {
    const h = history([cluster, single, last]);
    ui = await renderConsole({ loadTestHistory: h });
    await ui.press('l');
    await ui.waitFor('The last 2 runs side by side');
    expect(ui.frame()).toContain('Last load test (3 read, ↑ older)');
    await ui.press(KEY.up);
    let frame = await ui.waitFor('Load test 2 of 3 read (↑ older, ↓ newer)');
    expect(lineWith(frame, 'Requests/s')).toMatch(/Requests\/s\s+500\.50?$/);
    expect(lineWith(frame, '2025-01-01 11:40:00 UTC')).toContain('Single Pi 3 p1');
    expect(frame).toContain('2 runs up to this one side by side, newest last');
    expect(lineWith(frame, 'Metric')).toMatch(/^Metric\s+Cluster\s+Single Pi 3 p1$/);
    expect(frame).not.toContain('FLAGGED');
    await ui.press('k', KEY.up);
    frame = await ui.waitFor('Load test 1 of 3 read');
    expect(frame).toContain('The oldest run read');
    expect(lineWith(frame, 'Requests/s')).toMatch(/Requests\/s\s+812\.25$/);
    await ui.press(KEY.down);
    await ui.waitFor('Load test 2 of 3 read');
    await ui.press(KEY.escape, 'l');
    frame = await ui.waitFor(() => h.reads === 2 && ui?.frame().includes('Last load test (3 read') === true);
    expect(lineWith(ui.frame(), 'Requests/s')).toMatch(/Requests\/s\s+301\.75$/);
  });

  it('↑ and ↓ in the results view never move the node selection', async () => {
    ui = await renderConsole({ loadTestHistory: history([cluster, single]) });
    await ui.press(KEY.down);
    await ui.waitFor(/▸ p1/);
    await ui.press('l');
    await ui.waitFor('Last load test');
    await ui.press(KEY.up, KEY.up, KEY.down, KEY.down, KEY.down, KEY.escape);
    expect(await ui.waitFor('NODE')).toMatch(/▸ p1/);
  });

  it('Esc goes back to the nodes table; l opens it again and reads the history again', async () => {
    const h = history([cluster]);
    ui = await renderConsole({ loadTestHistory: h });
    await ui.press('l');
    await ui.waitFor('The one run so far');
    await ui.press(KEY.escape);
    const frame = await ui.waitFor('NODE');
    expect(frame).not.toContain('Last load test');
    await ui.press('l');
    await ui.waitFor('Last load test');
    expect(h.reads).toBe(2);
  });

  it('says there are no runs yet without a history (or with an empty one)', async () => {
    ui = await renderConsole();
    await ui.press('l');
    expect(await ui.waitFor('No runs yet')).toContain("No runs yet for this profile: press b to run one of the profile's presets.");
    ui.unmount();
    ui = await renderConsole({ loadTestHistory: history([]), readOnly: true });
    await ui.press('l');
    expect(await ui.waitFor('No runs yet')).toContain('No runs yet for this profile: a run needs picon without --read-only.');
  });

  it('says why when the history cannot be read', async () => {
    ui = await renderConsole({ loadTestHistory: { recent: () => Promise.reject(new Error('EACCES: bench-history.jsonl')) } });
    await ui.press('l');
    expect(await ui.waitFor('could not read')).toContain('could not read the load-test history: EACCES: bench-history.jsonl');
  });

  it('in 80 columns shows as many runs as fit, newest last, and no line is wider than the terminal', async () => {
    const more = [1, 2, 3, 4].map((i) => runRecord(`20250101-11${i}000-x${i}`, { label: `Cluster try ${i}`, rps: 700 + i, meanMs: 5, p95Ms: 10, startedAt: T0 - (50 - i) * 60_000 }));
    ui = await renderConsole({ loadTestHistory: history([...more, cluster, single, last]), size: { columns: 80, rows: 24 } });
    await ui.press('l');
    const frame = await ui.waitFor('side by side');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame).toContain('Requests/s     301.75');
    const heading = lineWith(frame, 'Metric');
    // The newest run is flagged: left out of the table, said under it.
    expect(heading).toMatch(/Single Pi 3 p1$/);
    expect(frame).toContain('1 flagged run left out (p2 throttled); f to show it');
    expect(heading).not.toContain('Cluster try 1');
    const shown = Number(/The last (\d) runs/.exec(frame)?.[1]);
    expect(shown).toBeGreaterThanOrEqual(2);
    expect(shown).toBeLessThan(7);
  });

  it('reads the history again when a load test run from this console ends', async () => {
    const records = [cluster];
    const h = history(records);
    let finish: () => void = () => undefined;
    const loadTests: LoadTestRunner = {
      run: (preset, report) =>
        new Promise<void>((resolve) => {
          report({ label: preset, state: 'running', startedAt: T0, progress: 0 });
          finish = () => {
            records.push(last);
            report({ label: preset, state: 'done', startedAt: T0, progress: 1, summary: '302 req/s' });
            resolve();
          };
        }),
    };
    ui = await renderConsole({ loadTestHistory: h, loadTests });
    await ui.press('l');
    await ui.waitFor('Requests/s     812.25');
    await ui.press('b', KEY.enter);
    await ui.waitFor(() => h.reads === 1 && ui?.frame().includes('Last load test') === true);
    finish();
    const frame = await ui.waitFor('Requests/s     301.75');
    // The new run is flagged: the comparison leaves it out and says so.
    expect(frame).toContain('The one run so far');
    expect(frame).toContain('1 flagged run left out (p2 throttled); f to show it');
    expect(h.reads).toBe(2);
  });
});

describe('load-test results view: the direct pane painter (a real terminal)', () => {
  let painter: PanePainter | undefined;
  afterEach(() => painter?.stop());
  /** Terminal row (1-based) → the line the painter wrote there, escapes removed. */
  const rowsWritten = (bytes: string): Map<number, string> =>
    new Map([...bytes.matchAll(/\u001b\[(\d+);1H\u001b\[2K((?:(?!\u001b\[\d+;1H|\u001b8).)*)/gs)].map((m) => [Number(m[1]), (m[2] ?? '').replace(/\u001b\[[0-9;]*m/g, '')]));

  it('paints the view in the body rows, and paints it again when the runs are read', async () => {
    const { state } = liveClusterState();
    const ui = createUiStore({ ...initialUiState(), view: 'loadtests', runs: { state: 'loading' } });
    const writes: string[] = [];
    painter = createPanePainter({ cluster: createClusterStore(state, 1), ui, now: () => T0, readOnly: false, color: false, size: () => ({ columns: 80, rows: 24 }), write: (b) => writes.push(b) });
    painter.start();
    const first = rowsWritten(painter.update());
    expect(first.get(3)).toMatch(/^─ Last load test ─+  Esc back$/);
    expect(first.get(4)).toBe('reading the load-test history…');
    expect([...first.values()].some((l) => l.includes('NODE'))).toBe(false);
    ui.dispatch({ type: 'runs', runs: { state: 'loaded', records: [cluster, single, last] } });
    const rows = rowsWritten(painter.update());
    expect(rows.get(4)).toMatch(/^Single Pi Zero p2  FLAGGED/);
    expect([...rows.values()]).toContain('  Requests/s     301.75');
    expect([...rows.values()].some((l) => /^Metric\s+.*Single Pi 3 p1$/.test(l))).toBe(true);
    expect([...rows.values()]).toContain('1 flagged run left out (p2 throttled); f to show it');
    for (const [row, line] of rows) {
      expect(row).toBeLessThanOrEqual(22);
      expect([...line].length).toBeLessThanOrEqual(80);
    }
  });
});
