/**
 * Text inside an SVG: escaped for XML, and fitted to a width without a font at hand (an estimate
 * by character, generous enough for the sans-serif fonts a browser or librsvg picks).
 */

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text content and attribute values alike. Characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** Average advance of a character, as a fraction of the font size (wide letters counted wider). */
function charWidth(c: string): number {
  if (/[ilj.,:;'|!()[\]]/.test(c)) return 0.3;
  if (/[MWmw@%]/.test(c)) return 0.85;
  if (/[A-Z0-9]/.test(c)) return 0.65;
  if (/[\u1100-\uffff]/.test(c)) return 1;
  return 0.55;
}

export function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const c of text) width += charWidth(c) * fontSize;
  return width;
}

/** Cuts text to fit `width`, ending with "…" when it had to cut. */
export function cutToWidth(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, fontSize) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Words into at most `maxLines` lines of at most `width`: a word longer than a line is cut, and
 * what does not fit in the last line ends it with "…".
 */
export function wrapText(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (textWidth(candidate, fontSize) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = word;
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines.map((l) => cutToWidth(l, width, fontSize));
  // The lines past the last are joined to it, so it is cut (with "…") where the text went on.
  const kept = lines.slice(0, maxLines - 1).map((l) => cutToWidth(l, width, fontSize));
  return [...kept, cutToWidth(lines.slice(maxLines - 1).join(' '), width, fontSize)];
}
