/**
 * A value axis from zero: a "nice" top (1, 2, 2.5 or 5 × a power of ten) and evenly spaced ticks,
 * so a chart reads 0, 250, 500, 750, 1000 rather than 0, 211.1, 422.2 ….
 */

export interface NiceScale {
  /** The axis' top value; every value of the chart is at or below it. */
  readonly max: number;
  readonly step: number;
  /** 0, step, 2·step … max. */
  readonly ticks: readonly number[];
}

const STEPS = [1, 2, 2.5, 5, 10] as const;

/** The smallest nice step that covers `span` in at most `maxTicks` intervals. */
function niceStep(span: number, maxTicks: number): number {
  const rough = span / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / magnitude;
  const nice = STEPS.find((s) => s >= fraction - 1e-9) ?? 10;
  return nice * magnitude;
}

/**
 * `largest` is the largest value shown; `headroom` (a fraction) is kept above it for the label
 * written over the tallest bar. No value or nothing above zero gives the axis 0–1.
 */
export function niceScale(largest: number, options: { maxTicks?: number; headroom?: number } = {}): NiceScale {
  const maxTicks = options.maxTicks ?? 5;
  const wanted = Number.isFinite(largest) && largest > 0 ? largest * (1 + (options.headroom ?? 0)) : 1;
  const step = niceStep(wanted, maxTicks);
  const intervals = Math.ceil(wanted / step - 1e-9);
  // Rounded to the step's own digits so 0.1 + 0.2 never prints as 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toFixed(digits)));
  return { max: ticks[ticks.length - 1] ?? step, step, ticks };
}

/** A tick's text: 0, 0.5, 250, 1000, 2500, 15k, 1.2M — short enough for the axis' margin. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (abs >= 10_000) return `${trim(value / 1000)}k`;
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toFixed(3)));
}

/** A value written on its bar: 844.5 → "845", 94.5 → "94.5", 80 → "80", 5.741 → "5.74", 15234 → "15.2k". */
export function formatBarValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 10_000) return `${trimmed(value / 1000, 1)}k`;
  if (abs >= 100) return trimmed(value, 0);
  if (abs >= 10) return trimmed(value, 1);
  return trimmed(value, 2);
}

const trimmed = (value: number, digits: number): string => String(Number(value.toFixed(digits)));
