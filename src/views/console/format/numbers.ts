/** 42.345 → "42%", 4.2 → "4.2%": one decimal below 10. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '-';
  return percent < 10 && percent > 0 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** Requests per second: "0", "7.5", "120", "1.2k", "15k". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '-';
  if (perSecond === 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(1);
  if (perSecond < 1000) return String(Math.round(perSecond));
  if (perSecond < 10_000) return `${(perSecond / 1000).toFixed(1)}k`;
  return `${Math.round(perSecond / 1000)}k`;
}

/** 1_200_000_000 Hz → "1200 MHz". */
export function formatClock(hz: number): string {
  return `${Math.round(hz / 1_000_000)} MHz`;
}

export function formatCelsius(celsius: number): string {
  return `${celsius.toFixed(1)}°C`;
}
