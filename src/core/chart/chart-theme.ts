import type { ChartTheme } from './bar-chart.js';

/**
 * The chart's colours, as CSS classes in the SVG's own <style>: every mark names a class, never a
 * colour, so one rule set switches the whole chart to dark. Each chart paints its own background,
 * so it reads the same on a white page, a dark page or an image viewer's checkerboard.
 */

export interface Palette {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly axis: string;
  /** Bar colours by series index (cycled past the end). */
  readonly series: readonly string[];
}

export const LIGHT: Palette = {
  background: '#ffffff',
  text: '#1f2328',
  muted: '#57606a',
  grid: '#d8dee4',
  axis: '#57606a',
  series: ['#2f6fbf', '#d9822b', '#2e8b57', '#b4467a', '#7a5cc7', '#8c6d1f', '#1a8f9c', '#c43d3d'],
};

export const DARK: Palette = {
  background: '#0d1117',
  text: '#e6edf3',
  muted: '#9da7b3',
  grid: '#2d333b',
  axis: '#8b949e',
  series: ['#5b9cf0', '#f0a050', '#5cc97f', '#e07aae', '#a58cf0', '#d4b04a', '#4cc9d6', '#f07070'],
};

export const seriesClass = (index: number, count: number = LIGHT.series.length): string => `s${index % count}`;

/** The rules for one palette: bg, text, muted, grid, axis, s0…s7. */
export function paletteRules(p: Palette): string {
  const bars = p.series.map((c, i) => `.s${i}{fill:${c}}`).join('');
  return `.bg{fill:${p.background}}.tx{fill:${p.text}}.mu{fill:${p.muted}}.gr{stroke:${p.grid}}.ax{stroke:${p.axis}}${bars}`;
}

export const DARK_MEDIA = '@media (prefers-color-scheme: dark)';

export function themeCss(theme: ChartTheme): string {
  const font = 'text{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}';
  if (theme === 'light') return font + paletteRules(LIGHT);
  if (theme === 'dark') return font + paletteRules(DARK);
  return `${font}${paletteRules(LIGHT)}${DARK_MEDIA}{${paletteRules(DARK)}}`;
}
