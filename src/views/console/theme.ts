import type { Tone } from '../../core/present/tone.js';

/** Ink Text props for a tone. Without colour (NO_COLOR) alerts are inverse and warnings bold. */
export interface ToneStyle {
  readonly color?: string;
  readonly backgroundColor?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
}

const COLOR: Readonly<Record<Tone, ToneStyle>> = {
  normal: {},
  dim: { dimColor: true },
  good: { color: 'green' },
  warn: { color: 'yellow' },
  bad: { color: 'red', bold: true },
  alert: { color: 'white', backgroundColor: 'red', bold: true },
  accent: { color: 'cyan' },
  selected: { inverse: true, bold: true },
  heading: { bold: true },
};

const PLAIN: Readonly<Record<Tone, ToneStyle>> = {
  normal: {},
  dim: { dimColor: true },
  good: {},
  warn: { bold: true },
  bad: { bold: true },
  alert: { inverse: true, bold: true },
  accent: {},
  selected: { inverse: true, bold: true },
  heading: { bold: true },
};

export function toneStyle(tone: Tone, color: boolean): ToneStyle {
  return (color ? COLOR : PLAIN)[tone];
}

/** NO_COLOR (https://no-color.org): present and not empty turns colour off. */
export function colorAllowed(env: NodeJS.ProcessEnv): boolean {
  const v = env['NO_COLOR'];
  return v === undefined || v === '';
}
