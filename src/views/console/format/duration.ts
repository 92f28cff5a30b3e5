import { compactDuration } from '../../../core/format/duration.js';

/** 93784 s → "1d2h", 4000 → "1h6m", 59 → "59s": compact, for table cells (takes ms). */
export function formatDuration(ms: number): string {
  return compactDuration(ms / 1000, '');
}

/** "since 12:03:04 (2m5s)": when something started, and how long ago. */
export function formatSince(since: number, now: number): string {
  return `since ${formatClockTime(since)} (${formatDuration(now - since)})`;
}

/** Local wall-clock time, HH:MM:SS. */
export function formatClockTime(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
