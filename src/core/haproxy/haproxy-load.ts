import type { HaproxyInfo } from './show-info.js';

/**
 * How busy HAProxy is, from `show info` of each process: Idle_pct (the least idle process),
 * Run_queue (all together), Nbthread and how many processes answered.
 */

export interface HaproxyLoad {
  readonly idlePct?: number;
  readonly runQueue?: number;
  readonly threads?: number;
  readonly processes: number;
}

/** HAProxy at or below this idle % is shown as busy. */
export const BUSY_IDLE_PCT = 10;

export function haproxyLoad(infos: readonly HaproxyInfo[], processes = infos.length): HaproxyLoad {
  const idle = infos.map((i) => i.idlePercent).filter((v): v is number => v !== undefined);
  const queues = infos.map((i) => i.runQueue).filter((v): v is number => v !== undefined);
  const threads = infos.find((i) => i.threads !== undefined)?.threads;
  return {
    ...(idle.length > 0 && { idlePct: Math.min(...idle) }),
    ...(queues.length > 0 && { runQueue: queues.reduce((a, b) => a + b, 0) }),
    ...(threads !== undefined && { threads }),
    processes: infos[0]?.processes ?? processes,
  };
}

/** "idle 93 %, 2 threads, run queue 0" (what is known of it). */
export function haproxyLoadText(load: HaproxyLoad): string {
  const parts: string[] = [];
  if (load.idlePct !== undefined) parts.push(`idle ${load.idlePct} %`);
  if (load.threads !== undefined) parts.push(`${load.threads} thread${load.threads === 1 ? '' : 's'}`);
  if (load.processes > 1) parts.push(`${load.processes} processes`);
  if (load.runQueue !== undefined) parts.push(`run queue ${load.runQueue}`);
  return parts.join(', ');
}
