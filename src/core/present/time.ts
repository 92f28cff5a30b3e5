/** 93784 → "1d 2h", 4000 → "1h 6m", 62 → "1m 2s", 9 → "9s"; negative → "0s". */
export function compactDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** The same for a span in milliseconds. */
export const durationMs = (ms: number): string => compactDuration(ms / 1000);

/** "HH:MM:SS" of `at` (ms since epoch) at `offsetMinutes` east of UTC. */
export function clockTime(at: number, offsetMinutes: number): string {
  const d = new Date(at + offsetMinutes * 60_000);
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** This machine's time zone at `at`, minutes east of UTC. */
export const localOffsetMinutes = (at: number): number => -new Date(at).getTimezoneOffset();

/** "HH:MM:SS" of `at` in this machine's time zone. */
export const localClockTime = (at: number): string => clockTime(at, localOffsetMinutes(at));

/** "since 12:03:04 (2m 5s)": when something started, and how long ago. */
export function sinceText(since: number, now: number, offsetMinutes = localOffsetMinutes(since)): string {
  return `since ${clockTime(since, offsetMinutes)} (${durationMs(now - since)})`;
}
