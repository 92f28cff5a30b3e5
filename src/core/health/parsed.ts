/** Helpers of the parsers; what a parser returns is a `Result` (core/result.ts). */

/** A short, printable excerpt of bad input for a reason line. */
export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/[\0-\x1f\x7f]/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** A non-negative decimal integer, the whole token; undefined otherwise. */
export function toCount(token: string | undefined): number | undefined {
  if (token === undefined || !/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A non-negative decimal number such as 0.08 or 304.76, the whole token; undefined otherwise. */
export function toDecimal(token: string | undefined): number | undefined {
  if (token === undefined || !/^\d+(\.\d+)?$/.test(token)) return undefined;
  return Number(token);
}
