import type { RunPlan } from './run-plan.js';
import { urlCredentials } from './url-credentials.js';
import type { Result } from '../result.js';

/**
 * The one request a built-in load-test run sends over and over, serialized once: where to connect
 * and the exact bytes to write. Pure.
 */

export interface PreparedRequest {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** The bytes of the request line, headers and body. */
  readonly bytes: Uint8Array;
  /** The method is HEAD: responses carry no body. */
  readonly head: boolean;
}

/** Headers picon sets itself; the plan's own values for them are dropped. */
const OWN = new Set(['content-length', 'transfer-encoding', 'connection']);

const LINE_BREAK = /[\r\n]/;

/** A URL's user:password as HTTP Basic credentials, as curl and browsers send them. */
function basicAuthOf(url: URL): string | undefined {
  const pair = urlCredentials(url);
  return pair === undefined ? undefined : `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(pair)))}`;
}

export function prepareRequest(plan: Pick<RunPlan, 'url' | 'method' | 'headers' | 'body' | 'keepAlive'>): Result<PreparedRequest> {
  let url: URL;
  try {
    url = new URL(plan.url);
  } catch {
    return { ok: false, reason: `"${plan.url}" is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `"${plan.url}" is not an http(s) URL` };
  const tls = url.protocol === 'https:';
  const body = plan.body === undefined ? undefined : new TextEncoder().encode(plan.body);
  const given = new Map(Object.entries(plan.headers).map(([name, value]) => [name.toLowerCase(), [name, value] as const]));
  for (const [name, value] of given.values()) {
    if (LINE_BREAK.test(name) || LINE_BREAK.test(value) || name.includes(':') || name.trim() === '') {
      return { ok: false, reason: `header ${JSON.stringify(name)} cannot be sent (a line break or colon in it)` };
    }
  }
  const lines = [`${plan.method} ${url.pathname}${url.search} HTTP/1.1`];
  const add = (name: string, fallback: string): void => {
    const own = given.get(name.toLowerCase());
    lines.push(`${own?.[0] ?? name}: ${own?.[1] ?? fallback}`);
  };
  // Host and nothing else of picon's own, like wrk: every header costs the servers parsing.
  add('Host', url.host);
  const basic = basicAuthOf(url);
  if (basic !== undefined && !given.has('authorization')) lines.push(`Authorization: ${basic}`);
  for (const [lower, [name, value]] of given) {
    if (!OWN.has(lower) && lower !== 'host') lines.push(`${name}: ${value}`);
  }
  if (!plan.keepAlive) lines.push('Connection: close');
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
  const head = new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n`);
  const bytes = new Uint8Array(head.length + (body?.length ?? 0));
  bytes.set(head, 0);
  if (body !== undefined) bytes.set(body, head.length);
  return {
    ok: true,
    value: {
      // URL keeps IPv6 addresses in brackets; a socket wants them bare.
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port !== '' ? Number(url.port) : tls ? 443 : 80,
      tls,
      bytes,
      head: plan.method === 'HEAD',
    },
  };
}
