/**
 * A lab app that stalls (`picon lab stall NODE --every 3s --for 1s`): for `forMs` of every
 * `everyMs`, counted from `sinceMs`, every response is held until the stall ends — as a server
 * pausing for a garbage collection or a swap storm would. Pure.
 */

export interface StallSchedule {
  readonly everyMs: number;
  readonly forMs: number;
  /** When the first stall began (ms since the epoch). */
  readonly sinceMs: number;
}

/** How long a response due at `nowMs` is held: until the current stall ends, or 0 outside one. */
export function stallHoldMs(s: StallSchedule, nowMs: number): number {
  if (nowMs < s.sinceMs) return 0;
  const phase = (nowMs - s.sinceMs) % s.everyMs;
  return phase < s.forMs ? s.forMs - phase : 0;
}

/** "3s", "1.5s", "500ms" → milliseconds; undefined for anything else (no bare numbers: say the unit). */
export function parseDurationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

export const STALL_LIMITS = { minEveryMs: 100, maxEveryMs: 3_600_000 } as const;

export type StallChoice = { readonly ok: true; readonly everyMs: number; readonly forMs: number } | { readonly ok: false; readonly reason: string };

/** `--every` and `--for` as given → a schedule's period and stall, or the one line that says what is wrong. */
export function stallChoice(every: string | undefined, forText: string | undefined): StallChoice {
  if (every === undefined || forText === undefined) return { ok: false, reason: 'lab stall needs --every DURATION and --for DURATION (e.g. --every 3s --for 1s), or --off' };
  const everyMs = parseDurationMs(every);
  if (everyMs === undefined || everyMs < STALL_LIMITS.minEveryMs || everyMs > STALL_LIMITS.maxEveryMs) {
    return { ok: false, reason: `--every: ${JSON.stringify(every)} is not allowed; give a duration from 100ms to 3600s, such as 3s` };
  }
  const forMs = parseDurationMs(forText);
  if (forMs === undefined || forMs >= everyMs) {
    return { ok: false, reason: `--for: ${JSON.stringify(forText)} is not allowed; give a duration above 0 and shorter than --every (${every}), such as 1s` };
  }
  return { ok: true, everyMs, forMs };
}

/** The schedule as its file holds it, or undefined when the text is not one. */
export function parseStallFile(text: string): StallSchedule | undefined {
  try {
    const v = JSON.parse(text) as Partial<StallSchedule>;
    const ok = [v.everyMs, v.forMs, v.sinceMs].every((n) => typeof n === 'number' && Number.isFinite(n)) && (v.forMs as number) > 0 && (v.forMs as number) < (v.everyMs as number);
    return ok ? { everyMs: v.everyMs as number, forMs: v.forMs as number, sinceMs: v.sinceMs as number } : undefined;
  } catch {
    return undefined;
  }
}
