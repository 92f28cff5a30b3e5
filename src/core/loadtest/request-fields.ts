/**
 * What may stand in a load test's request path and headers, checked where a profile is read and
 * where a flag is given — never silently changed later. The URL parser would drop CR, LF and tabs,
 * encode a space, turn "\" into "/" and cut at "#"; a raw CR/LF in a header would start a second
 * header (or request). Each check returns the reason, or undefined when the text is fine. Pure.
 */

/** RFC 9110 token: the characters of a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 3986 pchar, "/" and "?", or a %XX escape. */
const TARGET_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

function encodeHint(ch: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(ch);
  } catch {
    return 'percent-encode it';
  }
  return `percent-encode it as ${encoded}`;
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A character by name where it has a well-known one, else its code point. */
function named(ch: string): string {
  switch (ch) {
    case ' ':
      return 'a space';
    case '\r':
      return 'a carriage return (CR)';
    case '\n':
      return 'a line feed (LF)';
    case '\t':
      return 'a tab';
    case '\0':
      return 'a NUL byte';
    default:
      return /[\x00-\x1f\x7f-\x9f]/.test(ch) ? `a control character (${codePoint(ch)})` : `"${ch}"`;
  }
}

/** A request path (and query) as sent on the request line: starts with "/", no spaces, no control characters. */
export function requestPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must start with "/"';
  const chars = [...path];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '%') {
      if (/^[0-9A-Fa-f]{2}$/.test(chars.slice(i + 1, i + 3).join(''))) {
        i += 2;
        continue;
      }
      return `has a "%" not followed by two hex digits at character ${i + 1}; write "%25" for a literal "%"`;
    }
    if (TARGET_CHAR.test(ch)) continue;
    if (ch === '#') return `has "#" at character ${i + 1}: a fragment is never sent to the server; ${encodeHint(ch)}`;
    return `has ${named(ch)} at character ${i + 1}; ${encodeHint(ch)}`;
  }
  return undefined;
}

/** A header name: an HTTP token (letters, digits and !#$%&'*+-.^_`|~). */
export function headerNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  const bad = [...name].find((ch) => !TOKEN.test(ch));
  return bad === undefined ? undefined : `has ${named(bad)}; a header name is letters, digits and !#$%&'*+-.^_\`|~ only`;
}

/** A header value: any text on one line; no CR, LF, NUL or other control character but tab. */
export function headerValueProblem(value: string): string | undefined {
  const chars = [...value];
  const index = chars.findIndex((ch) => /[\x00-\x08\x0a-\x1f\x7f]/.test(ch));
  if (index < 0) return undefined;
  return `has ${named(chars[index] as string)} at character ${index + 1}; a header value is one line with no control characters`;
}

/**
 * A URL typed on the command line (`--url`): its text as given, before a URL parser "fixes" it.
 * Scheme and host are the URL parser's to check; here, no blank or control character anywhere,
 * and the path and query by the rule above.
 */
export function urlTextProblem(text: string): string | undefined {
  const chars = [...text];
  const index = chars.findIndex((ch) => /[\s\x00-\x1f\x7f]/.test(ch));
  if (index >= 0) return `has ${named(chars[index] as string)} at character ${index + 1}; ${encodeHint(chars[index] as string)}`;
  const rest = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(.*)$/s.exec(text)?.[1];
  if (rest === undefined || rest === '') return undefined;
  const problem = requestPathProblem(rest.startsWith('/') ? rest : `/${rest}`);
  return problem === undefined ? undefined : `its path ${problem}`;
}

/** The largest request body a preset may send (bytes, UTF-8): a form or a JSON document, not an upload. */
export const MAX_BODY_BYTES = 64 * 1024;

export function bodyProblem(body: string): string | undefined {
  const bytes = new TextEncoder().encode(body).length;
  return bytes > MAX_BODY_BYTES ? `is ${bytes} bytes; a body may be at most ${MAX_BODY_BYTES} bytes (64 KiB)` : undefined;
}
