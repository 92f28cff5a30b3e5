/**
 * What picon keeps or prints never carries a credential: a URL's password (or a lone user name,
 * which is often a token), a query parameter or header whose name says it holds a secret. The
 * request actually sent keeps the real values; these functions are for records and output. Pure.
 */

export const REDACTED = '<redacted>';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'apikey']);
const SECRET_WORDS = /token|secret|passw(?:or)?d|passphrase|api[-_]?key|credential/i;

/** A header (or query parameter) name that holds a secret: Authorization, Cookie, X-Api-Key, *token*, *secret*, … */
export function isSecretName(name: string): boolean {
  return SECRET_HEADERS.has(name.trim().toLowerCase()) || SECRET_WORDS.test(name);
}

// scheme://userinfo@ — userinfo runs up to the last '@' before the host's end ('/', '?', '#', blank).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#'"<>]*)@/gi;
// ?name=value or &name=value inside a URL.
const QUERY_PARAM = /([?&;])([^=&#\s'"]+)=([^&#\s'"]*)/g;

function redactUserinfo(scheme: string, userinfo: string): string {
  if (userinfo.startsWith(REDACTED) || userinfo.endsWith(`:${REDACTED}`)) return `${scheme}${userinfo}@`;
  const colon = userinfo.indexOf(':');
  // A user name alone is how tokens often travel (https://TOKEN@host/): it goes too.
  return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
}

function redactUrlsIn(text: string): string {
  const withoutQuery = /[a-z][a-z0-9+.-]*:\/\/\S*[?&;]/i.test(text)
    ? text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*/gi, (found) =>
        found.replace(QUERY_PARAM, (m, sep: string, name: string) => (isSecretName(decodeName(name)) ? `${sep}${name}=${REDACTED}` : m)),
      )
    : text;
  return withoutQuery.replace(URL_USERINFO, (_m, scheme: string, userinfo: string) => redactUserinfo(scheme, userinfo));
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

// "Name: value" as a header appears in free text (an ab command line, an error): value to the end
// of the line or a quote.
const HEADER_IN_TEXT = /([A-Za-z0-9!#$%&*+.^_`|~-]+)(\s*:\s*)([^\r\n'"]+)/g;

/**
 * Free text (an error message, a command line) with credentials in URLs and the values of secret
 * headers written as `Name: value` replaced.
 */
export function redactText(text: string): string {
  return redactUrlsIn(text).replace(HEADER_IN_TEXT, (m, name: string, colon: string, value: string) => {
    if (!isSecretName(name) || value.startsWith(REDACTED) || value.startsWith('//')) return m;
    return `${name}${colon}${REDACTED}`;
  });
}

/** Every string inside a JSON-like value passed through redactText; objects' `headers` by name. */
export function redactDeep<T>(value: T): T {
  return walk(value, undefined) as T;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
  if (value !== null && typeof value === 'object') {
    if (key === 'headers') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretName(k) && typeof v === 'string' ? REDACTED : walk(v, undefined)]));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
  }
  return value;
}
