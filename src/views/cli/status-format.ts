import type { StatusService, StatusThrottling } from '../../core/status/status-health.js';
import { throttleLabels } from '../../core/health/throttling.js';

/** Short cells for the status tables; '-' is "not known". */

const DASH = '-';

/** 1536 → "1.5K", 11_700_000_000 → "10.9G" (binary units, as free -h). */
export function shortBytes(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)}${units[unit]}`;
}

export function percent(value: number | null): string {
  return value === null ? DASH : `${value.toFixed(value < 10 ? 1 : 0)}%`;
}

export function perSecond(value: number | null): string {
  if (value === null) return DASH;
  return value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1);
}

export function usedOfTotal(used: { usedBytes: number; totalBytes: number } | null): string {
  return used === null ? DASH : `${shortBytes(used.usedBytes)}/${shortBytes(used.totalBytes)}`;
}

export function celsius(value: number | null): string {
  return value === null ? DASH : `${value.toFixed(1)}C`;
}

/** "600/1000MHz", "600MHz" without a maximum. */
export function armClock(hz: number | null, maxHz: number | null): string {
  if (hz === null) return DASH;
  const mhz = (v: number): string => (v / 1e6).toFixed(0);
  return maxHz === null ? `${mhz(hz)}MHz` : `${mhz(hz)}/${mhz(maxHz)}MHz`;
}

/** "none", "now: under-voltage", "since boot: throttled", or both. */
export function throttling(t: StatusThrottling | null): string {
  if (t === null) return DASH;
  const now = throttleLabels(t.now);
  const boot = throttleLabels(t.sinceBoot);
  const parts = [...(now.length > 0 ? [`now: ${now.join(', ')}`] : []), ...(boot.length > 0 ? [`since boot: ${boot.join(', ')}`] : [])];
  return parts.length === 0 ? 'none' : parts.join('; ');
}

/** "nginx running, webapp STOPPED, haproxy ?". */
export function services(list: readonly StatusService[]): string {
  if (list.length === 0) return DASH;
  return list.map((s) => `${s.name} ${s.running === null ? '?' : s.running ? 'running' : 'STOPPED'}`).join(', ');
}
