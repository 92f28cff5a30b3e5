import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useInput, useStdout } from 'ink';
import type { ClusterState } from '../../core/cluster/cluster-state.js';
import { createActionFlow } from './action-flow.js';
import type { Dialog, UiState } from './console-state.js';
import type { ConsoleDeps } from './console-ports.js';
import { createKeyHandler } from './key-handler.js';
import { keymapFor, type KeyBinding } from './keymap.js';
import { createRunsLoader } from './recent-runs.js';
import type { PaneView } from './render/pane-view.js';
import { createUiStore, type UiStore } from './ui-store.js';

/** Two contexts, as in gemini-cli: what to show (state), and what the console can do (deps). */

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface ConsoleView {
  readonly now: number;
  readonly cluster: ClusterState;
  readonly ui: UiState;
  readonly size: TerminalSize;
}

export interface ConsoleServices {
  readonly deps: ConsoleDeps;
  readonly keymap: readonly KeyBinding[];
}

const ViewContext = createContext<ConsoleView | undefined>(undefined);
const ServicesContext = createContext<ConsoleServices | undefined>(undefined);

export function useConsoleView(): ConsoleView {
  const v = useContext(ViewContext);
  if (v === undefined) throw new Error('useConsoleView outside ConsoleProvider');
  return v;
}

export function useConsoleServices(): ConsoleServices {
  const s = useContext(ServicesContext);
  if (s === undefined) throw new Error('useConsoleServices outside ConsoleProvider');
  return s;
}

function useTerminalSize(fixed: TerminalSize | undefined): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** What the painted panes are built from (render/pane-lines.ts). */
export function usePaneView(): PaneView {
  const view = useConsoleView();
  const { deps } = useConsoleServices();
  return { ...view, readOnly: deps.readOnly };
}

/** How long after a frame the clock waits for the next data frame (they come about once a second) before drawing one itself. */
const DATA_FRAME_GRACE_MS = 1250;

/**
 * Redraws once a second when nothing else did (the clock, "since" durations). The wait starts
 * again after every frame: while data frames come about once a second the clock never adds one
 * (a fixed 1 s interval beside the data frames' own 1 s throttle drew two frames a second
 * whenever the two fell close together); once they stop, it draws on each new wall-clock second.
 */
function useFrameClock(now: () => number, enabled: boolean): number {
  const [, setTick] = useState(0);
  const byClock = useRef(false);
  useEffect(() => {
    if (!enabled) return;
    const wait = byClock.current ? 1005 - (now() % 1000) : DATA_FRAME_GRACE_MS;
    byClock.current = false;
    const timer = setTimeout(() => {
      byClock.current = true;
      setTick((t) => t + 1);
    }, wait);
    return () => clearTimeout(timer);
  });
  return now();
}

export interface ConsoleProviderProps {
  readonly deps: ConsoleDeps;
  /** A fixed size (tests); else the terminal's, following resizes. */
  readonly size?: TerminalSize;
  readonly uiStore?: UiStore;
  readonly children: ReactNode;
}

export function ConsoleProvider({ deps, size: fixed, uiStore, children }: ConsoleProviderProps) {
  const ui = useMemo(() => uiStore ?? createUiStore(), [uiStore]);
  const keymap = useMemo(() => keymapFor({ readOnly: deps.readOnly }), [deps.readOnly]);
  const handler = useMemo(() => {
    const runs = createRunsLoader(deps, ui);
    return createKeyHandler(deps, ui, createActionFlow(deps, ui, runs), keymap, runs);
  }, [deps, ui, keymap]);
  // With direct panes React follows only what changes the layout; the panes follow the rest themselves.
  const direct = deps.directPanes !== undefined;
  const clusterSnapshot = useCallback((): ClusterState | number => (direct ? deps.cluster.getState().nodes.length : deps.cluster.getState()), [deps.cluster, direct]);
  const uiSnapshot = useCallback((): UiState | readonly Dialog[] => (direct ? ui.getState().dialogs : ui.getState()), [ui, direct]);
  const viewSnapshot = useCallback(() => ui.getState().view, [ui]);
  const followed = useSyncExternalStore<ClusterState | number>(deps.cluster.subscribe, clusterSnapshot);
  const followedUi = useSyncExternalStore<UiState | readonly Dialog[]>(ui.subscribe, uiSnapshot);
  useSyncExternalStore(ui.subscribe, viewSnapshot);
  const cluster = typeof followed === 'number' ? deps.cluster.getState() : followed;
  const uiState = 'view' in followedUi ? followedUi : ui.getState();
  const size = useTerminalSize(fixed);
  deps.directPanes?.laidOut(size);
  useInput((input, key) => handler.press({ ...key, input }));
  const now = useFrameClock(deps.now, !direct);
  const view = { now, cluster, ui: uiState, size };
  const services = useMemo(() => ({ deps, keymap }), [deps, keymap]);
  return (
    <ServicesContext.Provider value={services}>
      <ViewContext.Provider value={view}>{children}</ViewContext.Provider>
    </ServicesContext.Provider>
  );
}
