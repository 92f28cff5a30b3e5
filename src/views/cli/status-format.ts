import type { StatusService, StatusThrottling } from '../../core/status/status-health.js';
import { throttleLabels } from '../../core/health/throttling.js';
import { NO_THROTTLING, serviceText } from '../../core/present/state-words.js';
import { formatBytes, formatCelsius, formatMHz, formatPercent, formatRate, UNKNOWN_TEXT } from '../../core/present/units.js';

/** Short cells for the status tables, by the console's and the wallboard's rules (core/present). */

export function percent(value: number | null): string {
  return value === null ? UNKNOWN_TEXT : formatPercent(value);
}

export function perSecond(value: number | null): string {
  return value === null ? UNKNOWN_TEXT : formatRate(value);
}

/** "180 MiB/948 MiB". */
export function usedOfTotal(used: { usedBytes: number; totalBytes: number } | null): string {
  return used === null ? UNKNOWN_TEXT : `${formatBytes(used.usedBytes)}/${formatBytes(used.totalBytes)}`;
}

export function celsius(value: number | null): string {
  return value === null ? UNKNOWN_TEXT : formatCelsius(value);
}

/** "600/1000 MHz", "600 MHz" without a maximum. */
export function armClock(hz: number | null, maxHz: number | null): string {
  if (hz === null) return UNKNOWN_TEXT;
  return maxHz === null ? formatMHz(hz) : `${Math.round(hz / 1e6)}/${formatMHz(maxHz)}`;
}

/** "none", "now: under-voltage", "since boot: throttled", or both. */
export function throttling(t: StatusThrottling | null): string {
  if (t === null) return UNKNOWN_TEXT;
  const now = throttleLabels(t.now);
  const boot = throttleLabels(t.sinceBoot);
  const parts = [...(now.length > 0 ? [`now: ${now.join(', ')}`] : []), ...(boot.length > 0 ? [`since boot: ${boot.join(', ')}`] : [])];
  return parts.length === 0 ? NO_THROTTLING : parts.join('; ');
}

/** "nginx running, webapp STOPPED, haproxy -". */
export function services(list: readonly StatusService[]): string {
  if (list.length === 0) return UNKNOWN_TEXT;
  return list.map((s) => `${s.name} ${serviceText(s.running)}`).join(', ');
}
