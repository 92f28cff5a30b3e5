import type { RunLimit } from './run-plan.js';

/** What an engine reports while it runs (about once a second). */
export interface Progress {
  readonly elapsedMs: number;
  /** Responses so far; undefined when the engine cannot tell (ab over SSH). */
  readonly completed?: number;
  /** Responses in the last second. */
  readonly currentRps?: number;
  readonly errors?: number;
}

/** The single line shown while a run goes on, e.g. "home  4200/10000 (42 %)  1534 req/s  0 errors  2.7 s". */
export function formatProgress(label: string, limit: RunLimit, p: Progress): string {
  const seconds = p.elapsedMs / 1000;
  const parts = [label];
  if (limit.kind === 'requests' && p.completed !== undefined) {
    const pct = Math.min(100, Math.floor((p.completed / limit.requests) * 100));
    parts.push(`${p.completed}/${limit.requests} (${pct} %)`);
  } else if (limit.kind === 'duration') {
    const pct = Math.min(100, Math.floor((seconds / limit.seconds) * 100));
    parts.push(`${seconds.toFixed(0)}/${limit.seconds} s (${pct} %)`);
    if (p.completed !== undefined) parts.push(`${p.completed} requests`);
  }
  if (p.currentRps !== undefined) parts.push(`${Math.round(p.currentRps)} req/s`);
  if (p.errors !== undefined) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (limit.kind === 'requests') parts.push(`${seconds.toFixed(1)} s`);
  return parts.join('  ');
}
