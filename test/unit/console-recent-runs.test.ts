import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import type { ConsoleDeps, LoadTestHistory } from '../../src/views/console/console-ports.js';
import { createRunsLoader, RECENT_RUNS } from '../../src/views/console/recent-runs.js';
import { createUiStore } from '../../src/views/console/ui-store.js';
import { liveClusterState, runRecord, T0 } from '../support/console-fixture.js';

/** Reading the last runs into the UI state: through the port, the last read wins. */

const a = runRecord('a', { rps: 100, meanMs: 10, p95Ms: 20 });
const b = runRecord('b', { rps: 200, meanMs: 5, p95Ms: 9 });

function depsWith(history?: LoadTestHistory): ConsoleDeps {
  const { profile, state } = liveClusterState();
  return {
    profile,
    cluster: { getState: () => state, dispatch: () => undefined, subscribe: () => () => undefined },
    readOnly: false,
    now: () => T0,
    quit: () => undefined,
    color: false,
    ...(history !== undefined && { loadTestHistory: history }),
  };
}

/** A history whose reads are answered by hand, in any order. */
function manualHistory() {
  const pending: { limit: number; resolve: (r: readonly RunRecord[]) => void; reject: (e: Error) => void }[] = [];
  const history: LoadTestHistory = { recent: (limit) => new Promise((resolve, reject) => pending.push({ limit, resolve, reject })) };
  return { history, pending };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createRunsLoader', () => {
  it('without a history: no runs, at once', () => {
    const ui = createUiStore();
    createRunsLoader(depsWith(), ui).reload();
    expect(ui.getState().runs).toEqual({ state: 'loaded', records: [] });
  });

  it('asks for the last RECENT_RUNS, shows "loading" the first time, then the runs', async () => {
    const { history, pending } = manualHistory();
    const ui = createUiStore();
    createRunsLoader(depsWith(history), ui).reload();
    expect(ui.getState().runs).toEqual({ state: 'loading' });
    expect(pending[0]?.limit).toBe(RECENT_RUNS);
    pending[0]?.resolve([a]);
    await settle();
    expect(ui.getState().runs).toEqual({ state: 'loaded', records: [a] });
  });

  it('keeps the runs shown while reading again, and drops a read that a later one overtook', async () => {
    const { history, pending } = manualHistory();
    const ui = createUiStore();
    const loader = createRunsLoader(depsWith(history), ui);
    loader.reload();
    pending[0]?.resolve([a]);
    await settle();
    loader.reload();
    loader.reload();
    expect(ui.getState().runs).toEqual({ state: 'loaded', records: [a] });
    pending[2]?.resolve([a, b]);
    await settle();
    pending[1]?.resolve([]);
    await settle();
    expect(ui.getState().runs).toEqual({ state: 'loaded', records: [a, b] });
  });

  it('a failed read says why', async () => {
    const { history, pending } = manualHistory();
    const ui = createUiStore();
    createRunsLoader(depsWith(history), ui).reload();
    pending[0]?.reject(new Error('EISDIR: bench-history.jsonl'));
    await settle();
    expect(ui.getState().runs).toEqual({ state: 'failed', reason: 'EISDIR: bench-history.jsonl' });
  });
});
