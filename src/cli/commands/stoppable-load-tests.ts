import type { LoadTestActivity } from '../../core/cluster/cluster-state.js';
import type { LoadTestRunner } from '../../views/console/console-ports.js';

/**
 * The console's load tests, each also stoppable from outside the view: when the console ends (q,
 * a signal, an error), every run in flight is cancelled and waited for — a remote ab confirmed
 * ended by its node — before the connections close.
 */

export interface StoppableLoadTests extends LoadTestRunner {
  /** Cancels every run in flight and waits for them, at most `waitMs`; one line for each run. */
  stopAll(waitMs: number): Promise<string[]>;
}

interface InFlight {
  readonly preset: string;
  readonly controller: AbortController;
  last?: LoadTestActivity;
  ended: boolean;
  done?: Promise<void>;
}

function lineFor(run: InFlight, waitMs: number): string {
  const summary = run.last?.summary;
  if (!run.ended) return `load test ${run.preset}: did not end within ${waitMs / 1000} s; a remote ab ends when its node sees the connection close`;
  if (run.last?.state === 'cancelled') return `load test ${run.preset}: stopped${summary !== undefined && summary !== 'cancelled' ? `; ${summary}` : ''}; nothing saved`;
  return `load test ${run.preset}: ${run.last?.state ?? 'ended'}${summary !== undefined ? `: ${summary}` : ''}`;
}

export function stoppableLoadTests(runner: LoadTestRunner): StoppableLoadTests {
  const inFlight = new Set<InFlight>();
  return {
    run(preset, report, signal) {
      const run: InFlight = { preset, controller: new AbortController(), ended: false };
      const onAbort = (): void => run.controller.abort();
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      inFlight.add(run);
      const tracked = (activity: LoadTestActivity): void => {
        run.last = activity;
        report(activity);
      };
      run.done = runner.run(preset, tracked, run.controller.signal).finally(() => {
        run.ended = true;
        inFlight.delete(run);
        signal.removeEventListener('abort', onAbort);
      });
      return run.done;
    },
    async stopAll(waitMs) {
      const runs = [...inFlight];
      if (runs.length === 0) return [];
      for (const run of runs) run.controller.abort();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
      await Promise.race([Promise.allSettled(runs.map((r) => r.done)), waited]);
      clearTimeout(timer);
      return runs.map((run) => lineFor(run, waitMs));
    },
  };
}
