/** Byte helpers for the HTTP response parser: slices of a Uint8Array compared and read without strings. */

/** The character codes of ASCII text. */
export const lower = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** `name` (lower case) equals line[start, start + name.length) ignoring ASCII case. */
export function nameIs(line: Uint8Array, start: number, length: number, name: readonly number[]): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) {
    // OR 0x20 lower-cases a letter and leaves '-' as it is; no other byte can match then.
    if (((line[start + i] as number) | 0x20) !== name[i]) return false;
  }
  return true;
}

/** Latin-1 text of a short slice, for the few header values that matter and for error messages. */
export function text(line: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(line[i] as number);
  return s;
}

/** A slice shown in an error message: at most 40 characters, control bytes escaped. */
export function quote(line: Uint8Array, start: number, end: number): string {
  const shown = JSON.stringify(text(line, start, Math.min(end, start + 40)));
  return end - start > 40 ? `${shown.slice(0, -1)}…"` : shown;
}

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x09;

/** [start, end) without the spaces and tabs around it. */
export function trimmed(line: Uint8Array, start: number, end: number): [number, number] {
  while (start < end && isSpace(line[start])) start++;
  while (end > start && isSpace(line[end - 1])) end--;
  return [start, end];
}

/** The decimal number in [start, end) between optional spaces; -1 when it is not one (or over 15 digits). */
export function digits(line: Uint8Array, start: number, end: number): number {
  const [a, b] = trimmed(line, start, end);
  if (b === a || b - a > 15) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const d = (line[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** a followed by b, in a new array. */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const HTTP_1 = lower('HTTP/1.');

/** The status of an "HTTP/1.x NNN reason" line, or -1 when it is not one. */
export function statusOf(line: Uint8Array, start: number, stop: number): number {
  if (stop - start < 12) return -1;
  for (let i = 0; i < HTTP_1.length; i++) if (line[start + i] !== HTTP_1[i]) return -1;
  const minor = line[start + 7];
  if ((minor !== 0x30 && minor !== 0x31) || line[start + 8] !== 0x20) return -1;
  let status = 0;
  for (let i = start + 9; i < start + 12; i++) {
    const d = (line[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    status = status * 10 + d;
  }
  if (stop > start + 12 && line[start + 12] !== 0x20) return -1;
  return status < 100 ? -1 : status;
}

/** The last non-empty item of a comma-separated list in [start, stop), trimmed: [a, b), empty (a === b) when there is none. */
export function lastToken(line: Uint8Array, start: number, stop: number): [number, number] {
  let to = stop;
  while (to > start) {
    let from = to;
    while (from > start && line[from - 1] !== 0x2c) from--;
    const [a, b] = trimmed(line, from, to);
    if (b > a) return [a, b];
    to = from - 1;
  }
  return [start, start];
}
