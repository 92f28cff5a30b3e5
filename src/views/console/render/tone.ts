/**
 * How a piece of text should stand out, independent of colour. The theme (theme.ts) turns a tone
 * into Ink styles: colours when allowed, and bold/inverse/dim that still read without colour.
 */
export type Tone = 'normal' | 'dim' | 'good' | 'warn' | 'bad' | 'alert' | 'accent' | 'selected' | 'heading';

export interface Segment {
  readonly text: string;
  readonly tone: Tone;
}

export const seg = (text: string, tone: Tone = 'normal'): Segment => ({ text, tone });

/** Pads or cuts text to exactly width columns (an ellipsis marks a cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? text + pad : pad + text;
}
