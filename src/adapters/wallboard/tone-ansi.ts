import type { Segment, Tone } from '../../core/present/tone.js';

const CODES: Readonly<Record<Tone, string>> = {
  normal: '',
  dim: '\x1b[90m',
  good: '\x1b[32m',
  warn: '\x1b[33m',
  bad: '\x1b[1;31m',
  alert: '\x1b[1;37;41m',
  accent: '\x1b[36m',
  selected: '\x1b[1;7m',
  heading: '\x1b[1m',
};

/** The segment's text in its tone's colour (blessed parses SGR sequences in content). */
export function toned(s: Segment): string {
  const code = CODES[s.tone];
  return code === '' ? s.text : `${code}${s.text}\x1b[0m`;
}

/** The colour name blessed-contrib's canvases take for a tone. */
export function toneColor(tone: Tone): string {
  switch (tone) {
    case 'good':
      return 'green';
    case 'warn':
      return 'yellow';
    case 'bad':
    case 'alert':
      return 'red';
    case 'dim':
      return 'gray';
    case 'accent':
      return 'cyan';
    case 'normal':
    case 'selected':
    case 'heading':
      return 'white';
  }
}
