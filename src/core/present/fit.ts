/** Cuts text to at most `width` characters; an ellipsis marks a cut. */
export function cut(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
}

/** Cuts or pads text to exactly `width` characters (an ellipsis marks a cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const shown = cut(text, width);
  const pad = ' '.repeat(Math.max(0, width - [...shown].length));
  return align === 'left' ? shown + pad : pad + shown;
}
