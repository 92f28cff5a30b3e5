import { stat } from 'node:fs/promises';
import { readHistory } from './history-store.js';
import { lastRunOf, type LoadTestSource } from '../../core/wallboard/load-test-lines.js';

export interface LastRunReader {
  /** What was last read; empty until the first read finishes. */
  current(): LoadTestSource;
  start(): void;
  stop(): void;
}

/**
 * The newest saved run of `profile` in the bench history file, read-only: read at start and
 * again whenever the file's size or mtime changes (checked every `everyMs`).
 */
export function createLastRunReader(file: string, profile: string, everyMs = 5000): LastRunReader {
  let source: LoadTestSource = {};
  let seen = '';
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  const check = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      const stamp = info === undefined ? 'none' : `${info.size}:${info.mtimeMs}`;
      if (stamp === seen) return;
      seen = stamp;
      const history = await readHistory(file);
      const lastRun = lastRunOf(history.records, profile);
      source = lastRun !== undefined ? { lastRun } : {};
    } catch (error) {
      source = { ...source, problem: `${file}: ${(error as Error).message}` };
    } finally {
      busy = false;
    }
  };

  return {
    current: () => source,
    start() {
      void check();
      timer = setInterval(() => void check(), everyMs);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
