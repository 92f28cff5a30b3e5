/**
 * Text from a profile or a node (a model, a heading, a flag) put into Markdown as it is, never as
 * markup: emphasis, links, code and HTML characters are escaped, and in a table cell the bar and
 * line breaks too.
 */

export function mdText(text: string): string {
  return text
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** A table row from its cells. */
export function mdRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The header row and its rule; 'r' in `align` (one letter per column, default: the first left, the rest right) right-aligns a column of numbers. */
export function mdHeader(cells: readonly string[], align?: string): string[] {
  const right = (i: number): boolean => (align === undefined ? i > 0 : align[i] === 'r');
  return [mdRow(cells), mdRow(cells.map((_, i) => (right(i) ? '---:' : '---')))];
}
