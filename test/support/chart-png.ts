import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { DARK_MEDIA } from '../../src/core/chart/chart-theme.js';

/**
 * An SVG as a real renderer draws it: rsvg-convert (librsvg, Debian's librsvg2-bin) writes a PNG,
 * pngjs decodes it into RGBA pixels, and the helpers below look at them.
 */

export interface Picture {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

export type Rgb = readonly [number, number, number];

function rsvg(args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('rsvg-convert', [...args], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`rsvg-convert failed: ${stderr.toString().trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * The SVG's own dark rules (its prefers-color-scheme block) as a user stylesheet: librsvg has no
 * media features, so the test applies them itself, !important so they win over the light rules
 * as a browser in dark mode would let them.
 */
export function darkStylesheet(svg: string): string {
  const start = svg.indexOf(`${DARK_MEDIA}{`);
  if (start < 0) throw new Error('the SVG has no prefers-color-scheme: dark block');
  const body = svg.slice(start + DARK_MEDIA.length + 1, svg.indexOf('</style>', start));
  return body.replace(/\}\s*$/, '').replace(/;?\}/g, ' !important}');
}

export async function renderSvg(svg: string, options: { zoom?: number; mode?: 'light' | 'dark' } = {}): Promise<Picture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'picon-chart-'));
  try {
    const file = path.join(dir, 'chart.svg');
    await writeFile(file, svg);
    const args = ['--format', 'png', '--zoom', String(options.zoom ?? 1)];
    if (options.mode === 'dark') {
      const css = path.join(dir, 'dark.css');
      await writeFile(css, darkStylesheet(svg));
      args.push('--stylesheet', css);
    }
    const png = PNG.sync.read(await rsvg([...args, file]));
    return { width: png.width, height: png.height, data: png.data };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function pixel(p: Picture, x: number, y: number): Rgb {
  const i = (y * p.width + x) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
}

export const hexRgb = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** The variance of the pictures' luminance (0–255²): 0 is one flat colour. */
export function luminanceVariance(p: Picture): number {
  let sum = 0;
  let sumSq = 0;
  const count = p.width * p.height;
  for (let i = 0; i < count; i++) {
    const l = 0.2126 * p.data[i * 4]! + 0.7152 * p.data[i * 4 + 1]! + 0.0722 * p.data[i * 4 + 2]!;
    sum += l;
    sumSq += l * l;
  }
  const mean = sum / count;
  return sumSq / count - mean * mean;
}

/** The share of pixels further than `tolerance` from `background`. */
export function shareUnlike(p: Picture, background: Rgb, tolerance = 24): number {
  let unlike = 0;
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) if (distance(pixel(p, x, y), background) > tolerance) unlike++;
  return unlike / (p.width * p.height);
}

/** Runs of pixels along row y (from x0 to x1) within `tolerance` of any of `colours`: the bars it crosses. */
export function barRuns(p: Picture, y: number, colours: readonly Rgb[], options: { x0?: number; x1?: number; tolerance?: number } = {}): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  const tolerance = options.tolerance ?? 40;
  let start = -1;
  const x1 = options.x1 ?? p.width;
  for (let x = options.x0 ?? 0; x <= x1; x++) {
    const inBar = x < x1 && colours.some((c) => distance(pixel(p, x, y), c) <= tolerance);
    if (inBar && start < 0) start = x;
    if (!inBar && start >= 0) {
      runs.push({ start, end: x - 1 });
      start = -1;
    }
  }
  return runs;
}
