import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The files the lab's knobs write: HAProxy's nbthread line and a worker's slowdown file. */

/** haproxy.cfg with `nbthread N` in its global section (undefined: the line removed, one thread per core). */
export function setNbthread(config: string, threads: number | undefined): string {
  const lines = config.split('\n').filter((l) => !/^\s*nbthread\s/.test(l));
  const global = lines.findIndex((l) => l.trim() === 'global');
  if (threads !== undefined && global >= 0) lines.splice(global + 1, 0, `    nbthread ${threads}`);
  return lines.join('\n');
}

/** `<node dir>/slowdown`: a number; the app's /api/work does that many times its work. */
export const slowdownFile = (nodeDir: string): string => path.join(nodeDir, 'slowdown');

const CHECK_EVERY_MS = 250;

/** The web app's reader of its slowdown file: read at most every 250 ms, 1 when absent or not a number ≥ 1. */
export function slowdownReader(nodeDir: string, now: () => number = Date.now): () => number {
  let checkedAt = -Infinity;
  let factor = 1;
  return () => {
    if (now() - checkedAt < CHECK_EVERY_MS) return factor;
    checkedAt = now();
    try {
      const value = Number(readFileSync(slowdownFile(nodeDir), 'utf8').trim());
      factor = Number.isFinite(value) && value >= 1 ? value : 1;
    } catch {
      factor = 1;
    }
    return factor;
  };
}
