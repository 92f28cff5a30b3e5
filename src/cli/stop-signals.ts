/**
 * SIGINT, SIGTERM and SIGHUP for a command that must wind something down before it exits (a
 * remote load test): the first signal asks it to stop, and a hard exit follows after `graceMs`
 * should the wind-down hang; a second signal exits at once. Exit codes are the shell's, 128 + the
 * signal's number.
 */

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * when-exit (loaded with `conf` by the settings) sends the first signal it sees to the process
 * again, a few ms later, after its own clean-up: that echo is not a second signal from anyone.
 */
const ECHO_MS = 250;

export interface StopSignalOptions {
  /** The first signal: start winding down. */
  readonly onStop: (signal: StopSignal) => void;
  /** Just before the process exits without waiting (a second signal, or the grace ran out). */
  readonly onExitNow?: (signal: StopSignal, why: 'second signal' | 'grace over') => void;
  readonly graceMs: number;
  /** Tests replace it; default process.exit. */
  readonly exit?: (code: number) => void;
  readonly process?: Pick<NodeJS.Process, 'on' | 'off'>;
  readonly now?: () => number;
}

export interface StopSignalWatch {
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  dispose(): void;
}

export function watchStopSignals(options: StopSignalOptions): StopSignalWatch {
  const proc = options.process ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? Date.now;
  let first: StopSignal | undefined;
  let firstAt = 0;
  let grace: NodeJS.Timeout | undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => {
      if (first !== undefined) {
        if (signal === first && now() - firstAt < ECHO_MS) return;
        options.onExitNow?.(signal, 'second signal');
        exit(SIGNAL_EXIT_CODES[signal]);
        return;
      }
      first = signal;
      firstAt = now();
      grace = setTimeout(() => {
        options.onExitNow?.(signal, 'grace over');
        exit(SIGNAL_EXIT_CODES[signal]);
      }, options.graceMs);
      grace.unref();
      options.onStop(signal);
    };
    proc.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    received: () => first,
    dispose() {
      clearTimeout(grace);
      for (const [signal, handler] of handlers) proc.off(signal, handler);
      // Wound down: the command returns its code. Should a handle still hold the process (a
      // connection to a frozen node), it ends anyway, quietly, when the grace is over.
      if (first !== undefined) {
        const code = SIGNAL_EXIT_CODES[first];
        setTimeout(() => exit(code), Math.max(0, firstAt + options.graceMs - now())).unref();
      }
    },
  };
}
