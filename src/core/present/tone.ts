/**
 * How a piece of text should stand out, independent of colour. Each screen turns a tone into its
 * own styles (the console's theme.ts, the wallboard's tone-ansi.ts): colours when allowed, and
 * bold/inverse/dim that still read without colour. `dim` is also how stale and unknown values look.
 */
export type Tone = 'normal' | 'dim' | 'good' | 'warn' | 'bad' | 'alert' | 'accent' | 'selected' | 'heading';

/** Text with its tone: a table cell, a piece of a line. */
export interface Segment {
  readonly text: string;
  readonly tone: Tone;
}

export const seg = (text: string, tone: Tone = 'normal'): Segment => ({ text, tone });
