import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStallFile, stallHoldMs, type StallSchedule } from '../../core/lab/stall-schedule.js';

/**
 * The lab app's side of `picon lab stall`: the node's stall file (`<node dir>/stall.json`, written
 * by lab-stall.ts), read at most every 250 ms, decides whether a response waits.
 */

export const STALL_FILE = 'stall.json';
const REREAD_MS = 250;

export interface StallGate {
  /** Runs `answer` now, or when the current stall ends. */
  hold(answer: () => void): void;
}

export function stallGate(nodeDir: string | undefined): StallGate {
  let schedule: StallSchedule | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  const current = (now: number): StallSchedule | undefined => {
    if (nodeDir === undefined || now - readAt < REREAD_MS) return schedule;
    readAt = now;
    try {
      schedule = parseStallFile(readFileSync(path.join(nodeDir, STALL_FILE), 'utf8'));
    } catch {
      schedule = undefined;
    }
    return schedule;
  };
  return {
    hold(answer) {
      const now = Date.now();
      const s = current(now);
      const wait = s === undefined ? 0 : stallHoldMs(s, now);
      if (wait > 0) setTimeout(answer, wait);
      else answer();
    },
  };
}
