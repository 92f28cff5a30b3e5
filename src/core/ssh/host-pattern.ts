import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * known_hosts host matching as OpenSSH's match.c does it: a comma-separated list of glob
 * patterns (`*`, `?`), each optionally negated with `!`, compared case-insensitively (ASCII).
 */

export type PatternListMatch = 'match' | 'negated' | 'none';

/** OpenSSH copies each sub-pattern into a 1024-byte buffer; a longer one fails the whole list. */
const MAX_SUBPATTERN = 1022;

export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Glob match in O(text × pattern) at worst: no backtracking blow-up on hostile patterns. */
export function globMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      star = p++;
      starText = t;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      t++;
      p++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** A negated pattern that matches wins over every positive one, as in OpenSSH. */
export function matchPatternList(name: string, list: string): PatternListMatch {
  const host = asciiLower(name);
  let positive = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = asciiLower(negated ? raw.slice(1) : raw);
    if (pattern.length > MAX_SUBPATTERN) return 'none';
    if (globMatch(host, pattern)) {
      if (negated) return 'negated';
      positive = true;
    }
  }
  return positive ? 'match' : 'none';
}

/** A hashed entry `|1|salt|hash`: HMAC-SHA1 of the (lower-cased) host name keyed with the salt. */
export interface HashedHost {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const SHA1_BYTES = 20;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses `|1|salt|hash`; undefined when it is not a well-formed SHA-1 hashed host. */
export function parseHashedHost(field: string): HashedHost | undefined {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[0] !== '' || parts[1] !== '1') return undefined;
  const [, , salt64 = '', hash64 = ''] = parts;
  if (!BASE64.test(salt64) || !BASE64.test(hash64)) return undefined;
  const salt = Buffer.from(salt64, 'base64');
  const hash = Buffer.from(hash64, 'base64');
  if (salt.length !== SHA1_BYTES || hash.length !== SHA1_BYTES) return undefined;
  return { salt, hash };
}

export function hashHostName(name: string, salt: Buffer): Buffer {
  return createHmac('sha1', salt).update(asciiLower(name)).digest();
}

export function hashedHostMatches(name: string, hashed: HashedHost): boolean {
  return timingSafeEqual(hashHostName(name, hashed.salt), hashed.hash);
}

/** The name OpenSSH looks up: the bare host for port 22, `[host]:port` otherwise. */
export function hostLookupName(host: string, port: number): string {
  return port === 22 || port === 0 ? host : `[${host}]:${port}`;
}
