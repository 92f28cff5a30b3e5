import { describe, expect, it } from 'vitest';
import {
  globMatch,
  hashHostName,
  hashedHostMatches,
  hostLookupName,
  matchPatternList,
  parseHashedHost,
} from '../../src/core/ssh/host-pattern.js';
import { orderHostKeyAlgorithms } from '../../src/core/ssh/host-key-algorithms.js';
import { checkKeyBlob } from '../../src/core/ssh/key-blob.js';

describe('globMatch', () => {
  it.each([
    ['host', 'host', true],
    ['host', 'hos', false],
    ['host', 'host*', true],
    ['host', '*', true],
    ['', '*', true],
    ['', '', true],
    ['', '?', false],
    ['p1.lab', 'p?.lab', true],
    ['p12.lab', 'p?.lab', false],
    ['a.b.c', '*.c', true],
    ['a.b.c', 'a*c', true],
    ['abc', 'a*b*c*', true],
    ['abc', '*b', false],
    ['[10.0.0.1]:2222', '[10.0.0.1]:*', true],
    ['10.0.0.1', '10.0.0.?', true],
    ['10.0.0.12', '10.0.0.?', false],
  ])('%j against %j → %s', (text, pattern, expected) => {
    expect(globMatch(text, pattern)).toBe(expected);
  });

  it('takes no exponential time on a hostile pattern', () => {
    const pattern = `${'*a'.repeat(40)}*b`;
    expect(globMatch('a'.repeat(5000), pattern)).toBe(false);
  });
});

describe('matchPatternList (OpenSSH match_hostname)', () => {
  it.each([
    ['www.cluster', '*.cluster,!bad.cluster', 'match'],
    ['bad.cluster', '*.cluster,!bad.cluster', 'negated'],
    ['bad.cluster', '!bad.cluster,*.cluster', 'negated'],
    ['other.lab', '*.cluster,!bad.cluster', 'none'],
    ['other.lab', '!bad.cluster', 'none'],
    ['HOST.lab', 'host.LAB', 'match'],
    ['host', 'a,,host', 'match'],
    ['', 'a,,b', 'match'],
    ['host', '', 'none'],
    ['host', '!', 'none'],
  ])('%j in %j → %s', (name, list, expected) => {
    expect(matchPatternList(name, list)).toBe(expected);
  });

  it('fails the whole list on a sub-pattern longer than OpenSSH\'s 1023-byte buffer', () => {
    expect(matchPatternList('host', `${'x'.repeat(1023)},host`)).toBe('none');
    expect(matchPatternList('host', `${'x'.repeat(1022)},host`)).toBe('match');
  });
});

describe('hashed hosts |1|salt|hash', () => {
  const salt = Buffer.alloc(20, 7);
  const field = `|1|${salt.toString('base64')}|${hashHostName('[p1.lab]:2222', salt).toString('base64')}`;

  it('matches the hashed name only, case-insensitively', () => {
    const hashed = parseHashedHost(field);
    expect(hashed).toBeDefined();
    if (hashed === undefined) return;
    expect(hashedHostMatches('[p1.lab]:2222', hashed)).toBe(true);
    expect(hashedHostMatches('[P1.LAB]:2222', hashed)).toBe(true);
    expect(hashedHostMatches('p1.lab', hashed)).toBe(false);
    expect(hashedHostMatches('[p1.lab]:2223', hashed)).toBe(false);
  });

  it.each([
    ['|1|', 'empty'],
    ['|2|AAAA|AAAA', 'unknown hash type'],
    [`|1|${salt.toString('base64')}`, 'no hash'],
    [`|1|${salt.toString('base64')}|${salt.toString('base64')}|x`, 'extra part'],
    [`|1|c2FsdA==|${salt.toString('base64')}`, 'short salt'],
    [`|1|${salt.toString('base64')}|c2FsdA==`, 'short hash'],
    [`|1|${salt.toString('base64')}|!!!!`, 'not base64'],
    [`x|1|${salt.toString('base64')}|${salt.toString('base64')}`, 'text before'],
  ])('%s is refused (%s)', (text) => {
    expect(parseHashedHost(text)).toBeUndefined();
  });
});

describe('hostLookupName', () => {
  it.each([
    ['p1.lab', 22, 'p1.lab'],
    ['p1.lab', 2222, '[p1.lab]:2222'],
    ['127.0.8.1', 2201, '[127.0.8.1]:2201'],
    ['::1', 22, '::1'],
  ] as const)('%s:%d → %s', (host, port, name) => {
    expect(hostLookupName(host, port)).toBe(name);
  });
});

describe('checkKeyBlob', () => {
  const str = (b: Buffer | string): Buffer => {
    const data = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, data]);
  };
  const ed25519 = Buffer.concat([str('ssh-ed25519'), str(Buffer.alloc(32, 1))]);

  it.each<[string, Buffer, string]>([
    ['ed25519', ed25519, 'ssh-ed25519'],
    ['rsa', Buffer.concat([str('ssh-rsa'), str(Buffer.from([1, 0, 1])), str(Buffer.alloc(257, 9))]), 'ssh-rsa'],
    ['ecdsa', Buffer.concat([str('ecdsa-sha2-nistp256'), str('nistp256'), str(Buffer.alloc(65, 4))]), 'ecdsa-sha2-nistp256'],
  ])('accepts %s', (_name, blob, type) => {
    expect(checkKeyBlob(blob)).toEqual({ ok: true, value: type });
  });

  it.each<[string, Buffer]>([
    ['empty', Buffer.alloc(0)],
    ['three bytes', Buffer.from([0, 0, 0])],
    ['length beyond the end', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x61])],
    ['truncated ed25519', ed25519.subarray(0, ed25519.length - 1)],
    ['trailing byte', Buffer.concat([ed25519, Buffer.from([0])])],
    ['short ed25519 key', Buffer.concat([str('ssh-ed25519'), str(Buffer.alloc(31, 1))])],
    ['extra field', Buffer.concat([ed25519, str('x')])],
    ['curve mismatch', Buffer.concat([str('ecdsa-sha2-nistp256'), str('nistp384'), str(Buffer.alloc(65, 4))])],
    ['unknown type', Buffer.concat([str('ssh-foo'), str('x')])],
    ['control characters in the type', Buffer.concat([str('ssh-\ned25519'), str(Buffer.alloc(32))])],
  ])('refuses %s', (_name, blob) => {
    expect(checkKeyBlob(blob).ok).toBe(false);
  });
});

describe('orderHostKeyAlgorithms', () => {
  const defaults = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  const supported = [...defaults, 'ssh-dss'];
  it.each<[string[], string[]]>([
    [[], defaults],
    [['ssh-rsa'], ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256']],
    [['ecdsa-sha2-nistp256', 'ssh-ed25519'], ['ecdsa-sha2-nistp256', 'ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']],
    [['ssh-dss'], ['ssh-dss', ...defaults]],
    [['sk-ssh-ed25519@openssh.com'], defaults],
  ])('known %o → %o', (known, expected) => {
    expect(orderHostKeyAlgorithms(known, defaults, supported)).toEqual(expected);
  });
});
