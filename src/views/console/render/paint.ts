import chalk, { type ChalkInstance } from 'chalk';
import { toneStyle } from '../theme.js';
import type { Segment, Tone } from '../../../core/present/tone.js';

/**
 * Segments to one finished line: styled with chalk as Ink's <Text> would style them, cut to a
 * width in terminal cells. Lines painted here go to Ink whole (see components/painted.tsx), so
 * their width must be exact: characters that are not one cell wide for certain (wide CJK, emoji,
 * zero-width marks, controls) show as "?".
 */

const NON_ASCII = /[^\u0020-\u007e]/;
const EMOJI = /\p{Emoji_Presentation}/u;

/** One terminal cell for certain: Latin, Greek, Cyrillic, and U+2010–U+2BFF (punctuation, arrows, box drawing, blocks, braille) that is not an emoji. */
function oneCell(cp: number, ch: string): boolean {
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if ((cp >= 0xa0 && cp < 0x300) || (cp >= 0x370 && cp <= 0x52f)) return true;
  return cp >= 0x2010 && cp <= 0x2bff && (cp < 0x2028 || cp > 0x202f) && (cp < 0x2060 || cp > 0x206f) && !EMOJI.test(ch);
}

/** Text where every character takes exactly one cell (others become "?", controls a space). */
export function narrow(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    out += oneCell(cp, ch) ? ch : cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? ' ' : '?';
  }
  return out;
}

/** Cells a narrowed text takes (one per code point). */
export const cells = (text: string): number => (NON_ASCII.test(text) ? [...text].length : text.length);

const painters = new Map<string, (text: string) => string>();

function painter(tone: Tone, color: boolean): (text: string) => string {
  const key = `${color ? 'c' : 'p'}${tone}`;
  let paint = painters.get(key);
  if (paint === undefined) {
    const style = toneStyle(tone, color);
    // Ink's <Text> styles with chalk's default instance (its level follows the terminal); so do we.
    let c: ChalkInstance = chalk;
    if (style.dimColor === true) c = c.dim;
    if (style.color !== undefined) c = c[style.color as 'red'];
    if (style.backgroundColor !== undefined) c = c[`bg${style.backgroundColor[0]?.toUpperCase()}${style.backgroundColor.slice(1)}` as 'bgRed'];
    if (style.bold === true) c = c.bold;
    if (style.inverse === true) c = c.inverse;
    const styled = style.dimColor === true || style.color !== undefined || style.backgroundColor !== undefined || style.bold === true || style.inverse === true;
    paint = styled ? c : (text) => text;
    painters.set(key, paint);
  }
  return paint;
}

/**
 * Segments narrowed and cut at `width` cells (an ellipsis marks a cut, as Ink's truncate does);
 * with `pad`, filled with spaces to exactly `width`.
 */
export function fitSegments(segments: readonly Segment[], width: number, pad = false): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const s of segments) {
    const text = narrow(s.text);
    const n = cells(text);
    if (used + n > width) {
      const room = Math.max(0, width - used - 1);
      if (width > used) out.push({ text: `${[...text].slice(0, room).join('')}…`, tone: s.tone });
      used = width;
      break;
    }
    out.push({ text, tone: s.tone });
    used += n;
  }
  if (pad && used < width) out.push({ text: ' '.repeat(width - used), tone: 'normal' });
  return out;
}

/** One line: segments fitted to `width`, adjacent ones of one tone (and blank ones) painted together. */
export function paintLine(segments: readonly Segment[], width: number, color: boolean): string {
  let out = '';
  let runText = '';
  let runTone: Tone = 'normal';
  for (const s of fitSegments(segments, width)) {
    if (s.text === '') continue;
    if (runText === '' || s.tone === runTone || s.text.trim() === '') {
      if (runText === '') runTone = s.tone;
      runText += s.text;
    } else {
      out += painter(runTone, color)(runText);
      runTone = s.tone;
      runText = s.text;
    }
  }
  return runText === '' ? out : out + painter(runTone, color)(runText);
}

/** The same line as plain text (for screen readers). */
export function plainLine(segments: readonly Segment[], width: number): string {
  return paintLine(segments, width, false).replace(/\u001b\[[0-9;]*m/g, '');
}
