import { describe, expect, it } from 'vitest';
import { editDistance, likelyMeant, sortByCloseness } from '../../src/core/profile/closest-names.js';
import { formatFieldPath } from '../../src/core/profile/field-path.js';

describe('formatFieldPath', () => {
  it.each([
    [[], ''],
    [['workers', 2, 'ssh', 'jump'], 'workers[2].ssh.jump'],
    [['head', 'haproxy', 'sockets', 0], 'head.haproxy.sockets[0]'],
    [['loadTests', 0, 'headers', 'X-Run'], 'loadTests[0].headers["X-Run"]'],
    [['loadTests', 1, 'headers', 'a"b'], 'loadTests[1].headers["a\\"b"]'],
  ] as const)('%j → %s', (path, expected) => {
    expect(formatFieldPath(path)).toBe(expected);
  });
});

describe('closest names', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('worker', 'workers')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('Head', 'head')).toBe(0);
  });

  it('suggests only a likely typo', () => {
    expect(likelyMeant('prot', ['user', 'port', 'identityFile', 'jump'])).toBe('port');
    expect(likelyMeant('sockts', ['sockets', 'masterSocket'])).toBe('sockets');
    expect(likelyMeant('colour', ['user', 'port'])).toBeUndefined();
    expect(likelyMeant('x', [])).toBeUndefined();
  });

  it('sorts candidates closest first, keeping ties in order', () => {
    expect(sortByCloseness('lab2', ['pi-cluster', 'lab', 'lab-big', 'lab3'])).toEqual(['lab', 'lab3', 'lab-big', 'pi-cluster']);
  });
});
