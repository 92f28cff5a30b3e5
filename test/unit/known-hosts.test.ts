import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../src/core/ssh/host-key-fingerprint.js';
import {
  checkHostKey,
  entryMatchesName,
  formatKnownHostsLine,
  knownKeyTypes,
  parseKnownHosts,
  type HostKeyQuery,
  type OfferedHostKey,
} from '../../src/core/ssh/known-hosts.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/known-hosts');
const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

function key(name: 'a' | 'b' | 'c' | 'r' | 'e'): OfferedHostKey {
  const [type = '', base64 = ''] = read(`key-${name}.pub`).split(' ');
  return { type, blob: Buffer.from(base64, 'base64') };
}

const plain = parseKnownHosts(read('known_hosts'), 'known_hosts');
const hashed = parseKnownHosts(read('known_hosts.hashed'), 'known_hosts.hashed');

describe('parseKnownHosts on files written by OpenSSH', () => {
  it('reads every line of the plain fixture, markers and comments included', () => {
    expect(plain.problems).toEqual([]);
    expect(plain.entries).toHaveLength(18);
    const head = plain.entries[0];
    expect(head).toMatchObject({ line: 3, keyType: 'ssh-ed25519', comment: 'head of the lab', hosts: { kind: 'patterns', list: 'head.lab,10.0.0.1' } });
    expect(plain.entries.filter((e) => e.marker === 'revoked').map((e) => e.line)).toEqual([8, 20]);
    expect(plain.entries.filter((e) => e.marker === 'cert-authority').map((e) => e.line)).toEqual([9]);
  });

  it('reads the file hashed by ssh-keygen -H (one hashed line per name, patterns left alone)', () => {
    expect(hashed.problems).toEqual([]);
    expect(hashed.entries).toHaveLength(19);
    expect(hashed.entries.filter((e) => e.hosts.kind === 'hashed')).toHaveLength(14);
  });

  it('skips and reports each malformed line with its number, keeping the good ones', () => {
    const parsed = parseKnownHosts(read('known_hosts.malformed'), 'bad');
    expect(parsed.entries.map((e) => e.line)).toEqual([13]);
    expect(parsed.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'no key after the host field'],
      [3, 'no key data after "ssh-ed25519"'],
      [4, 'key data is not base64'],
      [5, 'key type "ssh-rsa" but the key is ssh-ed25519'],
      [6, 'unknown marker "@bogus"'],
      [7, 'more than one marker'],
      [8, 'hashed host is not |1|salt|hash with 20-byte salt and hash'],
      [9, 'SSH protocol 1 key (bits exponent modulus), not supported'],
      [10, 'not an SSH public key (truncated?)'],
      [11, 'key type "ssh-ed25519-cert-v01@openssh.com" but the key is ssh-ed25519'],
      [12, 'no host field'],
    ]);
    expect(parsed.problems.every((p) => p.source === 'bad')).toBe(true);
  });

  it.each([
    ['empty file', ''],
    ['only comments and blanks', '# a\n\n   \n\t# b\n'],
    ['NUL bytes and binary', '\0\0\x01\x02\xff\xfe\n\0 \0 \0'],
    ['a very long line', 'x'.repeat(200_000)],
    ['hostile host field', `${'*?!,'.repeat(5000)} ssh-ed25519 AAAA`],
  ])('never throws on %s', (_name, text) => {
    const parsed = parseKnownHosts(text, 'f');
    expect(parsed.entries).toEqual([]);
    for (const p of parsed.problems) expect(p.reason.length).toBeLessThan(120);
  });

  it('reports the last line of a file cut off in the middle of a key', () => {
    const whole = read('known_hosts');
    const cut = whole.slice(0, whole.indexOf('[p1.lab]:2222') + 40);
    const parsed = parseKnownHosts(cut, 'cut');
    expect(parsed.entries.map((e) => e.line)).toEqual([3]);
    expect(parsed.problems.map((p) => p.line)).toEqual([4]);
  });
});

describe('which lines name a host: the same as `ssh-keygen -F` (oracle.txt)', () => {
  const cases = read('oracle.txt')
    .trim()
    .split('\n')
    .map((row) => {
      const match = /^(\S+) (\S+): ?(.*)$/.exec(row);
      if (match === null) throw new Error(`bad oracle row ${row}`);
      const [, file = '', name = '', lines = ''] = match;
      return { file, name, lines: lines.trim() === '' ? [] : lines.trim().split(' ').map(Number) };
    });

  it.each(cases)('$file $name → lines $lines', ({ file, name, lines }) => {
    const entries = file === 'known_hosts' ? plain.entries : hashed.entries;
    expect(entries.filter((e) => entryMatchesName(e, name)).map((e) => e.line)).toEqual(lines);
  });
});

type Expect =
  | { result: 'match'; line: number }
  | { result: 'unknown' }
  | { result: 'changed'; lines: number[] }
  | { result: 'revoked'; line: number };

const table: [string, HostKeyQuery, 'a' | 'b' | 'c' | 'r' | 'e', Expect][] = [
  ['listed key', { host: 'head.lab', port: 22 }, 'a', { result: 'match', line: 3 }],
  ['second name on the line', { host: '10.0.0.1', port: 22 }, 'a', { result: 'match', line: 3 }],
  ['upper-case host name', { host: 'HEAD.Lab', port: 22 }, 'a', { result: 'match', line: 3 }],
  ['another key of the same type', { host: 'head.lab', port: 22 }, 'b', { result: 'changed', lines: [3] }],
  ['[host]:port entry', { host: 'p1.lab', port: 2222 }, 'b', { result: 'match', line: 4 }],
  ['port 22 is the bare host', { host: 'p1.lab', port: 22 }, 'r', { result: 'match', line: 5 }],
  ['only another key type known (OpenSSH 9.2 says changed)', { host: 'p1.lab', port: 22 }, 'a', { result: 'changed', lines: [5] }],
  ['[host]:port known with another key', { host: 'p1.lab', port: 2222 }, 'r', { result: 'changed', lines: [4] }],
  ['wildcard pattern', { host: 'www.cluster', port: 22 }, 'c', { result: 'match', line: 6 }],
  ['negated pattern; @cert-authority does not count', { host: 'bad.cluster', port: 22 }, 'a', { result: 'unknown' }],
  ['negated pattern', { host: 'bad.cluster', port: 22 }, 'c', { result: 'unknown' }],
  ['@revoked for that host wins over a pattern that lists it', { host: 'evil.cluster', port: 22 }, 'c', { result: 'revoked', line: 8 }],
  ['@revoked * wins over the listed key', { host: 'node1.farm', port: 22 }, 'e', { result: 'revoked', line: 20 }],
  ['? is exactly one character', { host: 'node12.farm', port: 22 }, 'c', { result: 'unknown' }],
  ['indented line', { host: 'indented.lab', port: 22 }, 'a', { result: 'match', line: 10 }],
  ['mixed-case pattern', { host: 'mixed.case.lab', port: 22 }, 'b', { result: 'match', line: 11 }],
  ['address with port', { host: '127.0.8.1', port: 2201 }, 'a', { result: 'match', line: 12 }],
  ['address with port, other key', { host: '127.0.8.1', port: 2201 }, 'b', { result: 'changed', lines: [12] }],
  ['no [host]:port line: the bare host line accepts, as in OpenSSH', { host: '127.0.8.1', port: 2299 }, 'b', { result: 'match', line: 13 }],
  ['no [host]:port line and the bare host has another key', { host: '127.0.8.1', port: 2299 }, 'a', { result: 'unknown' }],
  ['IPv6 with port', { host: '::1', port: 2222 }, 'a', { result: 'match', line: 14 }],
  ['two key types, first', { host: 'two.types', port: 22 }, 'a', { result: 'match', line: 15 }],
  ['two key types, second', { host: 'two.types', port: 22 }, 'r', { result: 'match', line: 16 }],
  ['a stale line before the good one', { host: 'stale.lab', port: 22 }, 'a', { result: 'match', line: 18 }],
  ['CRLF line end', { host: 'crlf.lab', port: 22 }, 'a', { result: 'match', line: 19 }],
  ['unknown host', { host: 'nobody.lab', port: 22 }, 'a', { result: 'unknown' }],
  ['unknown host, other port', { host: 'nobody.lab', port: 2222 }, 'a', { result: 'unknown' }],
  ['an alias (the address as given) is tried too', { host: '10.9.9.9', port: 22, aliases: ['head.lab'] }, 'a', { result: 'match', line: 3 }],
];

describe('checkHostKey decides like OpenSSH', () => {
  it.each(table)('%s', (_name, query, offered, expected) => {
    const verdict = checkHostKey(plain.entries, query, key(offered));
    switch (expected.result) {
      case 'match':
      case 'revoked':
        expect(verdict).toEqual({ result: expected.result, at: { source: 'known_hosts', line: expected.line } });
        break;
      case 'unknown':
        expect(verdict).toEqual({ result: 'unknown' });
        break;
      case 'changed':
        expect(verdict.result).toBe('changed');
        if (verdict.result === 'changed') expect(verdict.expected.map((e) => e.line)).toEqual(expected.lines);
    }
  });

  it.each(table)('%s (hashed file: same verdict)', (_name, query, offered, expected) => {
    expect(checkHostKey(hashed.entries, query, key(offered)).result).toBe(expected.result);
  });

  it('names the expected key by type and fingerprint when the key changed', () => {
    const verdict = checkHostKey(plain.entries, { host: 'p1.lab', port: 22 }, key('a'));
    expect(verdict).toEqual({
      result: 'changed',
      expected: [{ source: 'known_hosts', line: 5, keyType: 'ssh-rsa', fingerprint: 'SHA256:7t1cTXp9uY5B9H9eMixThG3wPLaR+WdQtORhBl2XfBU' }],
    });
  });

  it('finds hashed lines by their own line numbers', () => {
    expect(checkHostKey(hashed.entries, { host: '10.0.0.1', port: 22 }, key('a'))).toEqual({
      result: 'match',
      at: { source: 'known_hosts.hashed', line: 4 },
    });
  });
});

describe('knownKeyTypes (to prefer them when connecting)', () => {
  it.each<[HostKeyQuery, string[]]>([
    [{ host: 'two.types', port: 22 }, ['ssh-ed25519', 'ssh-rsa']],
    [{ host: 'p1.lab', port: 2222 }, ['ssh-ed25519']],
    [{ host: 'p1.lab', port: 22 }, ['ssh-rsa']],
    [{ host: '127.0.8.1', port: 2299 }, ['ssh-ed25519']],
    [{ host: 'bad.cluster', port: 22 }, []],
    [{ host: 'nobody.lab', port: 22 }, []],
  ])('%o → %o', (query, types) => {
    expect(knownKeyTypes(plain.entries, query)).toEqual(types);
  });
});

describe('SHA256 fingerprints', () => {
  it.each(read('fingerprints.txt').trim().split('\n').map((row) => row.split(' ')))('%s is %s as ssh-keygen -l prints it', (file, fingerprint) => {
    const [, base64 = ''] = read(file ?? '').split(' ');
    expect(sha256Fingerprint(Buffer.from(base64, 'base64'))).toBe(fingerprint);
  });
});

describe('formatKnownHostsLine', () => {
  it.each([
    ['Head.LAB', 22, 'head.lab ssh-ed25519 '],
    ['127.0.8.1', 2201, '[127.0.8.1]:2201 ssh-ed25519 '],
    ['::1', 2222, '[::1]:2222 ssh-ed25519 '],
  ] as const)('%s port %d', (host, port, prefix) => {
    const line = formatKnownHostsLine(host, port, key('a'));
    expect(line).toBe(prefix + key('a').blob.toString('base64'));
    const parsed = parseKnownHosts(`${line}\n`, 'new');
    expect(checkHostKey(parsed.entries, { host, port }, key('a')).result).toBe('match');
  });
});
