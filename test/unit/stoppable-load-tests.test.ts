import { describe, expect, it } from 'vitest';
import { stoppableLoadTests } from '../../src/cli/commands/stoppable-load-tests.js';
import type { LoadTestActivity } from '../../src/core/cluster/cluster-state.js';
import type { LoadTestRunner } from '../../src/views/console/console-ports.js';

/** The console's load tests stopped from outside when it ends: what each run is told, what is said. */

/** A runner whose runs last until cancelled, then take `stopMs` to report their end. */
function slowRunner(stopMs: number, reason = 'ab on head was ended'): LoadTestRunner & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    run(preset, report, signal) {
      signals.push(signal);
      report({ label: preset, state: 'running', startedAt: 0 });
      return new Promise<void>((resolve) => {
        signal.addEventListener('abort', () =>
          setTimeout(() => {
            report({ label: preset, state: 'cancelled', startedAt: 0, summary: reason });
            resolve();
          }, stopMs),
        );
      });
    },
  };
}

describe('stoppableLoadTests', () => {
  it('with nothing running, stopping says nothing', async () => {
    expect(await stoppableLoadTests(slowRunner(0)).stopAll(1000)).toEqual([]);
  });

  it('cancels a run in flight, waits for its end and says how it ended; the view still gets every report', async () => {
    const inner = slowRunner(20);
    const runs = stoppableLoadTests(inner);
    const seen: LoadTestActivity[] = [];
    const running = runs.run('home', (a) => seen.push(a), new AbortController().signal);
    expect(await runs.stopAll(2000)).toEqual(['load test home: stopped; ab on head was ended; nothing saved']);
    await running;
    expect(inner.signals[0]?.aborted).toBe(true);
    expect(seen.map((a) => a.state)).toEqual(['running', 'cancelled']);
  });

  it('waits no longer than told, and says the run had not ended', async () => {
    const runs = stoppableLoadTests(slowRunner(500));
    void runs.run('work', () => undefined, new AbortController().signal);
    const started = Date.now();
    expect(await runs.stopAll(50)).toEqual(['load test work: did not end within 0.05 s; a remote ab ends when its node sees the connection close']);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('the view\'s own cancel still reaches the run, and an ended run is no longer stopped', async () => {
    const inner = slowRunner(0, 'cancelled');
    const runs = stoppableLoadTests(inner);
    const view = new AbortController();
    const running = runs.run('home', () => undefined, view.signal);
    view.abort();
    await running;
    expect(inner.signals[0]?.aborted).toBe(true);
    expect(await runs.stopAll(1000)).toEqual([]);
  });
});
