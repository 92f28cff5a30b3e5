import type { Cell, Tone } from '../../core/wallboard/widget-data.js';

const CODES: Readonly<Record<Tone, string>> = {
  normal: '',
  good: '\x1b[32m',
  warn: '\x1b[33m',
  bad: '\x1b[1;31m',
  muted: '\x1b[90m',
};

/** The cell's text in its tone's colour (blessed parses SGR sequences in content). */
export function toned(c: Cell): string {
  const code = CODES[c.tone];
  return code === '' ? c.text : `${code}${c.text}\x1b[0m`;
}

/** The colour name blessed-contrib's canvases take for a tone. */
export function toneColor(tone: Tone): string {
  switch (tone) {
    case 'good':
      return 'green';
    case 'warn':
      return 'yellow';
    case 'bad':
      return 'red';
    case 'muted':
      return 'gray';
    case 'normal':
      return 'white';
  }
}

/** Cuts to `width` columns (no wide characters are expected here). */
export function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}
