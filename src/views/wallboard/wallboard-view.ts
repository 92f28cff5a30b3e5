import type { ClusterState } from '../../core/cluster/cluster-state.js';
import type { LoadTestSource } from '../../core/wallboard/load-test-lines.js';
import { wallboardModel } from '../../core/wallboard/wallboard-model.js';
import type { WallScreen } from '../../core/ports/wall-screen.js';
import { WALLBOARD_LAYOUT as L } from './wallboard-layout.js';

export interface WallboardOptions {
  readonly screen: WallScreen;
  readonly state: () => ClusterState;
  readonly loadTests?: () => LoadTestSource;
  readonly clock?: () => number;
  /** The viewer's time zone at `at`, minutes east of UTC. */
  readonly offsetMinutes?: (at: number) => number;
  readonly tickMs?: number;
}

export interface Wallboard {
  /** Resolves when the viewer pressed q or Ctrl-C. */
  readonly quit: Promise<void>;
  /** Draws the current state now (it also draws every tick and after a resize). */
  draw(): void;
  /** Stops drawing and restores the terminal. Safe twice. */
  stop(): void;
}

const localOffset = (at: number): number => -new Date(at).getTimezoneOffset();

/**
 * The wallboard: read-only, so the only keys are q and Ctrl-C (quit), and n/PgDn, p/PgUp to page
 * the servers' and nodes' tables when they hold more rows than fit. It draws the monitor's state
 * every tick (1 s) whether or not anything changed, so times and "ago" labels move.
 */
export function startWallboard(options: WallboardOptions): Wallboard {
  const { screen } = options;
  const clock = options.clock ?? Date.now;
  const offset = options.offsetMinutes ?? localOffset;
  const header = screen.header();
  const throughput = screen.line(L.throughput);
  const cpu = screen.bar(L.cpu);
  const servers = screen.table(L.servers);
  const temperatures = screen.donuts(L.temperatures);
  const nodes = screen.table(L.nodes);
  const events = screen.text(L.events);
  const loadTest = screen.text(L.loadTest);

  let stopped = false;
  /** The servers' and nodes' tables page together: n (PgDn) on, p (PgUp) back, round and round. */
  let page = 0;
  const draw = (): void => {
    if (stopped) return;
    const now = clock();
    const model = wallboardModel(options.state(), {
      now,
      offsetMinutes: offset(now),
      maxBars: cpu.capacity(),
      maxDonuts: temperatures.capacity(),
      maxEvents: Math.max(1, events.capacity()),
      maxServerRows: servers.capacity(),
      maxNodeRows: nodes.capacity(),
      page,
      ...(options.loadTests !== undefined && { loadTests: options.loadTests() }),
    });
    header.set(model.header);
    throughput.set(model.throughput);
    cpu.set(model.cpu);
    servers.set(model.servers);
    temperatures.set(model.temperatures);
    nodes.set(model.nodes);
    events.set(model.events);
    loadTest.set(model.loadTest);
    screen.render();
  };

  let quitNow: () => void = () => undefined;
  const quit = new Promise<void>((resolve) => (quitNow = resolve));
  screen.onKeys(['q', 'C-c'], () => quitNow());
  screen.onKeys(['n', 'pagedown'], () => {
    page += 1;
    draw();
  });
  screen.onKeys(['p', 'pageup'], () => {
    page -= 1;
    draw();
  });
  screen.onResize(draw);
  const timer = setInterval(draw, options.tickMs ?? 1000);
  draw();

  return {
    quit,
    draw,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      screen.destroy();
      quitNow();
    },
  };
}
