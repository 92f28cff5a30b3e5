import { render } from 'ink-testing-library';
import { createClusterStore } from '../../src/adapters/monitor/cluster-store.js';
import type { ClusterState } from '../../src/core/cluster/cluster-state.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { App } from '../../src/views/console/app.js';
import type { ActionRunner, ClusterSource, ConsoleDeps, LoadTestHistory, LoadTestRunner, RolloutRunner } from '../../src/views/console/console-ports.js';
import { createPassphraseBroker, type PassphraseBroker } from '../../src/views/console/passphrase-broker.js';
import { createUiStore } from '../../src/views/console/ui-store.js';
import { liveClusterState, T0 } from './console-fixture.js';

/**
 * The one way UI tests render the console: real providers and stores, a fixed terminal size,
 * named keys, and waits on what appears on screen (never fixed sleeps).
 */

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;

export interface RenderOptions {
  readonly state?: ClusterState;
  readonly profile?: Profile;
  readonly size?: { columns: number; rows: number };
  readonly readOnly?: boolean;
  readonly actions?: ActionRunner;
  readonly loadTests?: LoadTestRunner;
  readonly rollouts?: RolloutRunner;
  readonly loadTestHistory?: LoadTestHistory;
  readonly color?: boolean;
}

export interface RenderedConsole {
  readonly cluster: ClusterSource;
  /** The last frame, as plain text. */
  frame(): string;
  /** Sends keys (a KEY constant or text) and waits until Ink has read them. */
  press(...keys: string[]): Promise<void>;
  /** Waits until the frame contains `what` (or matches it); throws with the last frame after timeoutMs. */
  waitFor(what: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  readonly quits: number;
  readonly refreshes: number;
  /** The nodes whose services the console asked to check again, in order. */
  readonly rechecked: readonly string[];
  /** Asks for a passphrase as a connection would (the console's dialog answers). */
  readonly passphrases: PassphraseBroker;
  unmount(): void;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function renderConsole(options: RenderOptions = {}): Promise<RenderedConsole> {
  const fixture = options.state === undefined ? liveClusterState() : undefined;
  const profile = options.profile ?? fixture?.profile;
  const state = options.state ?? fixture?.state;
  if (profile === undefined || state === undefined) throw new Error('renderConsole: give both state and profile, or neither');
  const cluster = createClusterStore(state, 1);
  const counters = { quits: 0, refreshes: 0 };
  const rechecked: string[] = [];
  const uiStore = createUiStore();
  const passphrases = createPassphraseBroker(uiStore);
  const deps: ConsoleDeps = {
    profile,
    passphrases,
    cluster,
    readOnly: options.readOnly ?? false,
    ...(options.actions !== undefined && { actions: options.actions }),
    ...(options.loadTests !== undefined && { loadTests: options.loadTests }),
    ...(options.rollouts !== undefined && { rollouts: options.rollouts }),
    ...(options.loadTestHistory !== undefined && { loadTestHistory: options.loadTestHistory }),
    refresh: () => counters.refreshes++,
    recheckServices: (node) => rechecked.push(node),
    now: () => T0 + 60_000,
    quit: () => counters.quits++,
    color: options.color ?? false,
  };
  const ink = render(<App deps={deps} uiStore={uiStore} size={options.size ?? { columns: 120, rows: 40 }} />);
  const frame = () => ink.lastFrame() ?? '';
  const waitFor: RenderedConsole['waitFor'] = async (what, timeoutMs = 3000) => {
    const test = typeof what === 'function' ? what : (f: string) => (typeof what === 'string' ? f.includes(what) : what.test(f));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = frame();
      if (test(f)) return f;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; last frame:\n${f}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await waitFor((f) => f.length > 0);
  return {
    cluster,
    frame,
    waitFor,
    async press(...keys) {
      for (const k of keys) {
        ink.stdin.write(k);
        // Ink reads input on the next turns of the event loop (an escape waits one setImmediate).
        await tick();
        await tick();
      }
    },
    get quits() {
      return counters.quits;
    },
    get refreshes() {
      return counters.refreshes;
    },
    passphrases,
    rechecked,
    unmount: () => ink.unmount(),
  };
}
