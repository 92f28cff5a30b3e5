/**
 * A line chart in braille characters: each character cell holds 2×4 dots, so a chart of
 * `width` columns and `height` rows plots 2·width samples at 4·height vertical steps.
 * Returns `height` strings of `width` characters, top row first.
 */

const BRAILLE_BASE = 0x2800;
// Dot bits by [column][row-from-top] within one cell.
const DOTS: readonly (readonly number[])[] = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

export interface ChartOptions {
  readonly width: number;
  readonly height: number;
  /** Top of the scale; default the largest sample (at least 1). */
  readonly max?: number;
}

export function brailleChart(values: readonly (number | undefined)[], options: ChartOptions): string[] {
  const { width, height } = options;
  if (width <= 0 || height <= 0) return [];
  const samples = values.slice(-width * 2);
  const top = options.max ?? Math.max(1, ...samples.map((v) => v ?? 0));
  const dotsHigh = height * 4;
  const cells = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const offset = width * 2 - samples.length;
  const levelOf = (v: number): number => Math.max(0, Math.min(dotsHigh - 1, Math.round((v / top) * (dotsHigh - 1))));
  let previous: number | undefined;
  samples.forEach((value, i) => {
    if (value === undefined || !Number.isFinite(value)) {
      previous = undefined;
      return;
    }
    const x = offset + i;
    const level = levelOf(value);
    // Join to the previous sample with a vertical run so the line stays continuous.
    const from = previous === undefined || previous >= level ? level : previous + 1;
    const to = previous === undefined || previous <= level ? level : previous - 1;
    const col = Math.floor(x / 2);
    for (let l = from; l <= to; l++) {
      const row = dotsHigh - 1 - l;
      const cellRow = cells[Math.floor(row / 4)];
      const bit = DOTS[x % 2]?.[row % 4];
      if (cellRow !== undefined && bit !== undefined && col < width) cellRow[col] = (cellRow[col] ?? 0) | bit;
    }
    previous = level;
  });
  return cells.map((row) => row.map((bits) => (bits === 0 ? ' ' : String.fromCharCode(BRAILLE_BASE + bits))).join(''));
}
