import type { ClusterMessage } from '../../core/cluster/cluster-message.js';
import { untilNextTick } from '../../core/util/aligned-tick.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';

export interface HaproxyPoller {
  start(): void;
  stop(): void;
  /** One poll now (a call while one runs waits for that one): used after an action. */
  pollNow(): Promise<void>;
}

/**
 * Reads `show stat` now and then on every multiple of the interval on the clock (with the node
 * probers; polls never overlap), and `show info` every `infoEvery` polls.
 */
export function createHaproxyPoller(
  client: HaproxyClient,
  dispatch: (m: ClusterMessage) => void,
  options: { intervalMs?: number; infoEvery?: number; clock?: () => number } = {},
): HaproxyPoller {
  const intervalMs = options.intervalMs ?? 1000;
  const infoEvery = options.infoEvery ?? 10;
  const clock = options.clock ?? Date.now;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let polls = 0;

  async function pollOnce(): Promise<void> {
    if (polls++ % infoEvery === 0) {
      const info = await client.info();
      const first = info.ok ? info.value.values[0] : undefined;
      if (info.ok && first !== undefined) {
        dispatch({ type: 'haproxy-info', at: clock(), info: first.value, processes: info.value.values.length });
      }
    }
    const stats = await client.stats();
    if (!stats.ok) {
      dispatch({ type: 'haproxy-error', at: clock(), error: stats.error.message });
      return;
    }
    dispatch({
      type: 'haproxy-stats',
      at: stats.value.atMs,
      records: stats.value.records,
      problems: [...stats.value.failed.map((f) => `${f.process}: ${f.error.message}`), ...stats.value.problems],
    });
  }

  function poll(): Promise<void> {
    inFlight ??= pollOnce()
      .catch((error: unknown) => dispatch({ type: 'haproxy-error', at: clock(), error: String(error) }))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  function loop(): void {
    if (!running) return;
    void poll().then(() => {
      if (!running) return;
      timer = setTimeout(loop, untilNextTick(clock(), intervalMs));
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop();
    },
    stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
    },
    pollNow: poll,
  };
}
