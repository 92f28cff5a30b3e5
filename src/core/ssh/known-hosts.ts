import { sha256Fingerprint } from './host-key-fingerprint.js';
import {
  asciiLower,
  hashedHostMatches,
  hostLookupName,
  matchPatternList,
  parseHashedHost,
  type HashedHost,
} from './host-pattern.js';
import { checkKeyBlob } from './key-blob.js';
import type { LineProblem } from '../line-problem.js';

/**
 * known_hosts as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 *   [@revoked|@cert-authority] host-patterns|hashed-host keytype base64-key [comment]
 * Malformed lines are skipped and reported with their line number, never fatal.
 * @cert-authority lines are parsed but never match a plain host key (picon does not do
 * host certificates; ssh2 does not either).
 */

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export type HostField =
  | { readonly kind: 'patterns'; readonly list: string }
  | { readonly kind: 'hashed'; readonly hashed: HashedHost };

export interface EntryRef {
  /** The file the line came from (as given to the parser). */
  readonly source: string;
  /** 1-based. */
  readonly line: number;
}

export interface KnownHostsEntry extends EntryRef {
  readonly marker?: KnownHostsMarker;
  readonly hosts: HostField;
  readonly keyType: string;
  /** The raw key blob (SSH wire format). */
  readonly key: Buffer;
  readonly comment?: string;
}

/** A known_hosts line that was skipped: which file, which line, why. */
export interface KnownHostsProblem extends EntryRef, LineProblem {}

export interface ParsedKnownHosts {
  readonly entries: readonly KnownHostsEntry[];
  readonly problems: readonly KnownHostsProblem[];
}

const MARKERS: Record<string, KnownHostsMarker> = { '@revoked': 'revoked', '@cert-authority': 'cert-authority' };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

type LineResult = { readonly entry: Omit<KnownHostsEntry, 'source' | 'line'> } | { readonly reason: string } | undefined;

/** Splits at spaces and tabs only, like OpenSSH (a comment keeps its inner spacing). */
function nextField(rest: string): [string, string] {
  const trimmed = rest.replace(/^[ \t]+/, '');
  const end = trimmed.search(/[ \t]/);
  return end < 0 ? [trimmed, ''] : [trimmed.slice(0, end), trimmed.slice(end)];
}

function show(s: string): string {
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

function parseLine(raw: string): LineResult {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  let rest = text.replace(/^[ \t]+/, '');
  if (rest === '' || rest.startsWith('#')) return undefined;

  let marker: KnownHostsMarker | undefined;
  if (rest.startsWith('@')) {
    const [word, after] = nextField(rest);
    marker = MARKERS[word];
    if (marker === undefined) return { reason: `unknown marker "${show(word)}"` };
    rest = after;
    if (rest.replace(/^[ \t]+/, '').startsWith('@')) return { reason: 'more than one marker' };
  }

  const [hostText, afterHosts] = nextField(rest);
  if (hostText === '') return { reason: 'no host field' };
  let hosts: HostField;
  if (hostText.startsWith('|')) {
    const hashed = parseHashedHost(hostText);
    if (hashed === undefined) return { reason: 'hashed host is not |1|salt|hash with 20-byte salt and hash' };
    hosts = { kind: 'hashed', hashed };
  } else {
    hosts = { kind: 'patterns', list: hostText };
  }

  const [keyType, afterType] = nextField(afterHosts);
  if (keyType === '' || keyType.startsWith('#')) return { reason: 'no key after the host field' };
  if (/^\d+$/.test(keyType)) return { reason: 'SSH protocol 1 key (bits exponent modulus), not supported' };
  const [key64, afterKey] = nextField(afterType);
  if (key64 === '') return { reason: `no key data after "${show(keyType)}"` };
  if (!BASE64.test(key64)) return { reason: 'key data is not base64' };
  const key = Buffer.from(key64, 'base64');
  const blob = checkKeyBlob(key);
  if (!blob.ok) return { reason: blob.reason };
  if (blob.value !== keyType) return { reason: `key type "${show(keyType)}" but the key is ${blob.value}` };
  const comment = afterKey.trim();
  return {
    entry: { ...(marker !== undefined && { marker }), hosts, keyType, key, ...(comment !== '' && { comment }) },
  };
}

export function parseKnownHosts(text: string, source: string): ParsedKnownHosts {
  const entries: KnownHostsEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const parsed = parseLine(raw);
    if (parsed === undefined) return;
    const line = index + 1;
    if ('reason' in parsed) problems.push({ source, line, reason: parsed.reason });
    else entries.push({ source, line, ...parsed.entry });
  });
  return { entries, problems };
}

/** Who is connecting where: `host` as resolved (HostName/HostKeyAlias), `aliases` also tried. */
export interface HostKeyQuery {
  readonly host: string;
  readonly port: number;
  /** Other names the same host is known by, e.g. the address exactly as the profile gives it. */
  readonly aliases?: readonly string[];
}

export interface OfferedHostKey {
  readonly type: string;
  /** The raw key blob. */
  readonly blob: Buffer;
}

export interface ExpectedKey extends EntryRef {
  readonly keyType: string;
  readonly fingerprint: string;
}

export type HostKeyVerdict =
  | { readonly result: 'match'; readonly at: EntryRef }
  | { readonly result: 'unknown' }
  | { readonly result: 'changed'; readonly expected: readonly ExpectedKey[] }
  | { readonly result: 'revoked'; readonly at: EntryRef };

export function lookupNames(query: HostKeyQuery): string[] {
  const names = [query.host, ...(query.aliases ?? [])].map((h) => asciiLower(hostLookupName(h, query.port)));
  return [...new Set(names)];
}

/** Whether a line's host field names `name` (a lookup name: `host` or `[host]:port`). */
export function entryMatchesName(entry: KnownHostsEntry, name: string): boolean {
  const { hosts } = entry;
  return hosts.kind === 'hashed' ? hashedHostMatches(name, hosts.hashed) : matchPatternList(name, hosts.list) === 'match';
}

/** Every line (of any marker) whose host field names this host. */
export function entriesForHost(entries: readonly KnownHostsEntry[], query: HostKeyQuery): KnownHostsEntry[] {
  const names = lookupNames(query);
  return entries.filter((e) => names.some((name) => entryMatchesName(e, name)));
}

/** Plain key types known for the host, in file order (to prefer them when connecting). */
export function knownKeyTypes(entries: readonly KnownHostsEntry[], query: HostKeyQuery): string[] {
  const forHost = (q: HostKeyQuery): string[] =>
    entriesForHost(entries, q).filter((e) => e.marker === undefined).map((e) => e.keyType);
  const types = forHost(query);
  return [...new Set(types.length === 0 && query.port !== 22 ? forHost({ ...query, port: 22 }) : types)];
}

const ref = (e: EntryRef): EntryRef => ({ source: e.source, line: e.line });

function verdictFor(entries: readonly KnownHostsEntry[], query: HostKeyQuery, offered: OfferedHostKey): HostKeyVerdict {
  const forHost = entriesForHost(entries, query);
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(offered.blob));
  if (revoked !== undefined) return { result: 'revoked', at: ref(revoked) };
  const plain = forHost.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.key.equals(offered.blob));
  if (same !== undefined) return { result: 'match', at: ref(same) };
  if (plain.length === 0) return { result: 'unknown' };
  return {
    result: 'changed',
    expected: plain.map((e) => ({ ...ref(e), keyType: e.keyType, fingerprint: sha256Fingerprint(e.key) })),
  };
}

/**
 * OpenSSH's decision (hostfile.c, sshconnect.c): a key marked @revoked for the host is refused
 * even if also listed; any plain line with the same key accepts; otherwise any plain line for
 * the host (of any key type: OpenSSH 9.2 calls an RSA-only entry "changed" when the server
 * offers Ed25519) means the key changed; no line at all is unknown. For a port other than 22
 * with no line for `[host]:port`, a matching line for the bare host also accepts.
 */
export function checkHostKey(
  entries: readonly KnownHostsEntry[],
  query: HostKeyQuery,
  offered: OfferedHostKey,
): HostKeyVerdict {
  const verdict = verdictFor(entries, query, offered);
  if (verdict.result !== 'unknown' || query.port === 22) return verdict;
  const withoutPort = verdictFor(entries, { ...query, port: 22 }, offered);
  return withoutPort.result === 'match' || withoutPort.result === 'revoked' ? withoutPort : verdict;
}

/** The line `picon trust` appends: lower-cased host (bracketed with the port unless 22), type, key. */
export function formatKnownHostsLine(host: string, port: number, offered: OfferedHostKey): string {
  return `${asciiLower(hostLookupName(host, port))} ${offered.type} ${offered.blob.toString('base64')}`;
}
