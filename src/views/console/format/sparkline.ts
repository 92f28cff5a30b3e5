const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * The last `width` samples as block characters, scaled to the largest sample (or `max`). A gap
 * (undefined) is a space; fewer samples than width are padded on the left with spaces.
 */
export function sparkline(values: readonly (number | undefined)[], width: number, max?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const top = max ?? Math.max(0, ...shown.map((v) => v ?? 0));
  const chars = shown.map((v) => {
    if (v === undefined || !Number.isFinite(v)) return ' ';
    if (top <= 0) return BARS[0];
    const level = Math.round((Math.min(v, top) / top) * (BARS.length - 1));
    return BARS[Math.max(0, level)] ?? BARS[0];
  });
  return ' '.repeat(width - chars.length) + chars.join('');
}

/** A horizontal share bar: 0.42 at width 10 → "████▏     ". */
export function shareBar(fraction: number, width: number): string {
  if (width <= 0) return '';
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = rest === 0 ? '' : (['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][rest] ?? '');
  return ('█'.repeat(full) + partial).padEnd(width, ' ');
}
