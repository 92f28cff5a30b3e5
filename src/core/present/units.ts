/**
 * Numbers as the console, the wallboard and `picon status` print them. Not known is UNKNOWN_TEXT
 * ("-") everywhere; a stale value carries STALE_MARK after it (freshness.ts).
 */

export const UNKNOWN_TEXT = '-';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * 1536 → "1.5 KiB", 0 → "0 B", 12_345_678 → "12 MiB": binary units, as `free -h` and `df -h`
 * count (a Pi's memory is a power of two), one decimal below 10.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return UNKNOWN_TEXT;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Number(value.toFixed(1)) >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatBytesPerSecond(bytes: number): string {
  const text = formatBytes(bytes);
  return text === UNKNOWN_TEXT ? text : `${text}/s`;
}

/** 42.345 → "42%", 4.25 → "4.3%": one decimal below 10; 0 → "0%". */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return UNKNOWN_TEXT;
  return percent < 10 && percent > 0 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** Requests (or anything) per second: "0", "7.5", "120", "1.2k", "15k". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return UNKNOWN_TEXT;
  if (perSecond === 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(1);
  if (perSecond < 1000) return String(Math.round(perSecond));
  if (perSecond < 10_000) return `${(perSecond / 1000).toFixed(1)}k`;
  return `${Math.round(perSecond / 1000)}k`;
}

/** 1_200_000_000 Hz → "1200 MHz". */
export function formatMHz(hz: number): string {
  return `${Math.round(hz / 1_000_000)} MHz`;
}

/** 48.34 → "48.3°C". */
export function formatCelsius(celsius: number): string {
  return `${celsius.toFixed(1)}°C`;
}

/** The load averages: 0.5 → "0.50". */
export function formatLoad(load: number): string {
  return load.toFixed(2);
}
