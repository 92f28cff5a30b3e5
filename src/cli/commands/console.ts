import { parseArgs } from 'node:util';
import { attachDashValues, numberFlag } from '../../core/flags/flag-value.js';
import type { ClusterMonitor } from '../../adapters/monitor/cluster-monitor.js';
import { createClusterStore } from '../../adapters/monitor/cluster-store.js';
import { captureConsole, captureStderr } from './console-capture.js';
import { stoppableLoadTests, type StoppableLoadTests } from './stoppable-load-tests.js';
import { createKnownHostsWarner } from '../../adapters/ssh/known-hosts-warnings.js';
import { initialClusterState } from '../../core/cluster/cluster-state.js';
import type { ConsoleDeps } from '../../views/console/console-ports.js';
import { switchableSource } from '../../views/console/switchable-source.js';
import { throttledSource } from '../../views/console/throttled-source.js';
import { createPassphraseBroker } from '../../views/console/passphrase-broker.js';
import { createUiStore } from '../../views/console/ui-store.js';
import { colorAllowed } from '../../views/console/theme.js';
import type { CommandContext } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from '../exit-codes.js';
import { createRuntime } from '../runtime.js';

const USAGE = 'usage: picon [--profile NAME] [--read-only] [--interval SECONDS]   (q quits, ? shows the keys)';
const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';
const HIDE_CURSOR = '\u001b[?25l';
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
/** How long a load test running when the console ends may take to stop (ab's end confirmed by its node). */
const LOAD_TEST_STOP_MS = 4_000;
/** Frames from cluster changes at most this often (keys redraw at once). */
const CLUSTER_FRAME_MS = 1000;

function intervalMs(args: readonly string[]): number {
  let values: { interval?: string | undefined };
  try {
    ({ values } = parseArgs({ args: attachDashValues(args, ['--interval']), options: { interval: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`console: ${(error as Error).message}`, USAGE);
  }
  if (values.interval === undefined) return 1000;
  const seconds = numberFlag('--interval', values.interval, { min: 0.2, max: 60, unit: 'seconds' });
  if (!seconds.ok) throw new UsageError(seconds.reason);
  return Math.round(seconds.value * 1000);
}

/**
 * `picon`: the interactive console. Takes the whole terminal (alternate screen), draws at once
 * from the profile, fills in as nodes answer; q, Ctrl-C, SIGTERM and errors all restore the
 * terminal and close every connection.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const interval = intervalMs(ctx.args);
  if (ctx.stdout.isTTY !== true || ctx.stdin.isTTY !== true) {
    const which = ctx.stdout.isTTY !== true ? 'stdout' : 'stdin';
    ctx.stderr.write(`picon: the console needs a terminal (${which} is not a TTY); for a one-shot text view run \`picon status\`\n`);
    return EXIT_BAD_INPUT;
  }
  const runtime = createRuntime(ctx);
  const profile = await runtime.profile();
  const placeholder = createClusterStore(initialClusterState(profile, Date.now()));
  const cluster = switchableSource(placeholder);
  let monitor: ClusterMonitor | undefined;
  let stopReporting: (() => void) | undefined;
  let loadTests: StoppableLoadTests | undefined;
  let stopped = false;
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));

  // Filled in once the connections exist (actions, load tests): the console reads them when used.
  const deps: { -readonly [K in keyof ConsoleDeps]: ConsoleDeps[K] } = {
    profile,
    cluster: throttledSource(cluster, CLUSTER_FRAME_MS),
    readOnly: ctx.globals.readOnly,
    now: Date.now,
    quit: () => quit(),
    color: colorAllowed(ctx.env),
    refresh: () => void monitor?.haproxyPoller.pollNow(),
    recheckServices: (node) => monitor?.recheckServices(node),
  };

  // React's production build: the development one keeps per-render timing entries and is several
  // times slower. Set before React is first loaded (nothing before this command loads it).
  process.env['NODE_ENV'] ??= 'production';
  // Ink draws nothing until exit when CI or CONTINUOUS_INTEGRATION is set (it reads them once, on
  // load). Both ends are terminals here, so someone is watching: draw.
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  // The panes that change with the data and the clock are drawn by the painter, straight to the
  // terminal; Ink draws the rest (blank boxes where the panes are) and the painter redraws the
  // panes after each of Ink's frames (docs/decisions/console-rendering.md). Not for a screen
  // reader: Ink then writes plain text for it, and the panes must be in that text.
  // The painter needs neither React nor Ink, so it draws the first frame (header, every node's
  // row, the panes) from the profile while they load: about half the time to the first frame.
  const { createPanePainter } = await import('../../views/console/direct/pane-painter.js');
  const uiStore = createUiStore();
  // A key's passphrase is asked for in the console's own dialog: the terminal is the console's.
  const passphrases = createPassphraseBroker(uiStore);
  deps.passphrases = passphrases;
  const size = () => ({ columns: ctx.stdout.columns || 80, rows: ctx.stdout.rows || 24 });
  const painter =
    process.env['INK_SCREEN_READER'] === 'true'
      ? undefined
      : createPanePainter({ cluster: deps.cluster, ui: uiStore, now: deps.now, readOnly: deps.readOnly, color: deps.color, size, write: (bytes) => ctx.stdout.write(bytes) });
  if (painter !== undefined) deps.directPanes = painter;
  ctx.stdout.write(painter === undefined ? ENTER_ALT_SCREEN : `${ENTER_ALT_SCREEN}${HIDE_CURSOR}`);
  painter?.start();
  // Until the console's own handlers are in place (below), a signal still gives the terminal back.
  // Exit 0, as the console's own handlers end it.
  const beforeInk = (): void => {
    painter?.stop();
    ctx.stdout.write(`${LEAVE_ALT_SCREEN}${SHOW_CURSOR}`);
    process.exit(EXIT_OK);
  };
  for (const s of SIGNALS) process.once(s, beforeInk);
  const [{ render }, { createElement }, { App }, { inkStdout }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../../views/console/app.js'),
    import('../../views/console/direct/ink-stdout.js'),
  ]);
  const ink = render(createElement(App, { deps, uiStore }), {
    stdout: painter === undefined ? ctx.stdout : inkStdout(ctx.stdout, painter.afterInkFrame),
    stdin: ctx.stdin,
    stderr: ctx.stderr,
    exitOnCtrlC: false,
    // With direct panes console.* goes to the events pane (console-capture.ts); Ink's own patch
    // would print it above a frame the painter then paints over.
    patchConsole: painter === undefined,
    incrementalRendering: false,
    // With direct panes Ink draws only when the layout changes: at once, so the painter never
    // draws a new layout's panes over Ink's previous frame. Without, at most 10 frames a second.
    maxFps: painter === undefined ? 10 : 1000,
  });
  const releaseConsole = painter === undefined ? undefined : captureConsole((m) => cluster.dispatch(m));
  const releaseStderr = painter === undefined ? undefined : captureStderr(ctx.stderr, (m) => cluster.dispatch(m));
  const onResize = (): void => painter?.invalidate();
  ctx.stdout.on('resize', onResize);
  const restore = (): void => {
    if (stopped) return;
    stopped = true;
    painter?.stop();
    releaseConsole?.();
    releaseStderr?.();
    ctx.stdout.off('resize', onResize);
    ink.unmount();
    stopReporting?.();
    ctx.stdout.write(`${LEAVE_ALT_SCREEN}${SHOW_CURSOR}`);
  };
  let failure: unknown;
  const onFatal = (error: unknown): void => {
    failure = error;
    quit();
  };
  // Restore at once, inside the handler. The handlers stay until the process ends: Ink's
  // signal-exit counts listeners and sends the signal again, which must not find the default.
  const onSignal = (): void => {
    restore();
    quit();
  };
  for (const s of SIGNALS) {
    process.on(s, onSignal);
    process.off(s, beforeInk);
  }
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  try {
    // Loaded after the first frame is on screen: SSH, the monitor, actions and load tests.
    // The monitor's modules load beside the connections, so the monitor is built the moment they exist.
    const [{ consoleActionRunner, consoleLoadTestHistory, consoleLoadTestRunner, consoleRolloutRunner, reportInterruptedOnce }, auditFile] = await Promise.all([
      import('./console-wiring.js'),
      runtime.auditFile(),
      import('../monitor-wiring.js'),
      import('../../adapters/haproxy/head-client.js'),
    ]);
    // The results view reads the history file: no connection needed, read-only too.
    deps.loadTestHistory = consoleLoadTestHistory(profile, runtime);
    // known_hosts warnings wait for the monitor's store: the events pane shows them.
    const knownHostsWarner = createKnownHostsWarner();
    await runtime.connections({ reconnect: true, passphrasePrompt: (file) => passphrases.ask(file), knownHostsWarner });
    if (!stopped) {
      monitor = await runtime.monitor({ intervalMs: interval });
      // --read-only is the action flow's to refuse (the catalog's rule), for keys and `:` alike.
      deps.actions = consoleActionRunner(runtime, ctx.globals.dryRun);
      deps.rollouts = consoleRolloutRunner(runtime, ctx.env, ctx.globals.dryRun);
      deps.loadTests = loadTests = stoppableLoadTests(consoleLoadTestRunner(profile, runtime, Date.now));
      cluster.switchTo(monitor.store);
      stopReporting = reportInterruptedOnce(profile, monitor.store, auditFile, (level, text) => {
        cluster.dispatch({ type: 'log', at: Date.now(), level, text });
        uiStore.dispatch({ type: 'flash', flash: { text, level, at: Date.now() } });
      });
      const store = monitor.store;
      knownHostsWarner.attach((text) => store.dispatch({ type: 'log', at: Date.now(), level: 'warn', text }));
      monitor.start();
    } else {
      runtime.close();
    }
    await quitting;
  } catch (error) {
    failure = error;
  } finally {
    restore();
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    // A load test still running is stopped before the connections close: a remote ab is ended
    // and its node confirms it (a dropped connection would end it too, only unconfirmed).
    const stoppedRuns = (await loadTests?.stopAll(LOAD_TEST_STOP_MS)) ?? [];
    monitor?.stop();
    runtime.close();
    for (const line of stoppedRuns) ctx.stderr.write(`picon: ${line}\n`);
    ctx.stdin.pause();
    // Everything is closed; should a connection attempt still in flight hold the process (seen
    // when SIGTERM lands while the connections are being set up), end it shortly anyway.
    setTimeout(() => process.exit(), 2000).unref();
  }
  if (failure !== undefined) throw failure;
  return EXIT_OK;
}
