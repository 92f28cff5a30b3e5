import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useInput, useStdout } from 'ink';
import type { ClusterState } from '../../core/cluster/cluster-state.js';
import { createActionFlow } from './action-flow.js';
import type { UiState } from './console-state.js';
import type { ConsoleDeps } from './console-ports.js';
import { createKeyHandler } from './key-handler.js';
import { keymapFor, type KeyBinding } from './keymap.js';
import { createUiStore, type UiStore } from './ui-store.js';

/** Two contexts, as in gemini-cli: what to show (state), and what the console can do (deps). */

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface ConsoleView {
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

/** A clock that ticks every `everyMs`, for the header's time and "since" durations. */
export function useNow(everyMs = 1000): number {
  const { deps } = useConsoleServices();
  const [now, setNow] = useState(deps.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(deps.now()), everyMs);
    return () => clearInterval(timer);
  }, [deps, everyMs]);
  return now;
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
  const handler = useMemo(() => createKeyHandler(deps, ui, createActionFlow(deps, ui), keymap), [deps, ui, keymap]);
  const cluster = useSyncExternalStore(deps.cluster.subscribe, deps.cluster.getState);
  const uiState = useSyncExternalStore(ui.subscribe, ui.getState);
  const size = useTerminalSize(fixed);
  useInput((input, key) => handler.press({ ...key, input }));
  const view = useMemo(() => ({ cluster, ui: uiState, size }), [cluster, uiState, size]);
  const services = useMemo(() => ({ deps, keymap }), [deps, keymap]);
  return (
    <ServicesContext.Provider value={services}>
      <ViewContext.Provider value={view}>{children}</ViewContext.Provider>
    </ServicesContext.Provider>
  );
}
