/** 93784 → "1d 2h", 4000 → "1h 6m", 62 → "1m 2s", 9 → "9s" (joiner '' → "1d2h" for narrow cells). */
export function compactDuration(seconds: number, joiner = ' '): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${joiner}${h}h`;
  if (h > 0) return `${h}h${joiner}${m}m`;
  if (m > 0) return `${m}m${joiner}${s % 60}s`;
  return `${s}s`;
}
