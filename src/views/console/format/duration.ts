/** 93784 s → "1d2h", 4000 → "1h6m", 59 → "59s": compact, for table cells. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m${s % 60}s`;
  return `${s}s`;
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
