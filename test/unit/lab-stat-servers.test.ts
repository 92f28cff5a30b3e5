import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStatServers } from '../../src/adapters/lab/stat-servers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lab/${name}`, import.meta.url), 'utf8');

describe('parseStatServers', () => {
  it.each([
    ['show-stat.csv', [['p1', 'UP'], ['p2', 'UP'], ['p3', 'UP'], ['pi3', 'UP']]],
    ['show-stat-p2-down.csv', [['p1', 'UP'], ['p2', 'DOWN'], ['p3', 'UP'], ['pi3', 'UP']]],
  ])('reads the servers of %s (captured from HAProxy 2.6)', (file, expected) => {
    const servers = parseStatServers(fixture(file));
    expect(servers?.map((s) => [s.server, s.status])).toEqual(expected);
    expect(servers?.every((s) => s.backend === 'web')).toBe(true);
  });

  it('finds columns by the header, not by position', () => {
    expect(parseStatServers('# status,svname,pxname\nUP,s1,web\nDOWN,BACKEND,web\n')).toEqual([{ backend: 'web', server: 's1', status: 'UP' }]);
  });

  it('reads what is there of truncated output', () => {
    const text = fixture('show-stat.csv');
    const cut = text.slice(0, text.indexOf('web,p3'));
    expect(parseStatServers(cut)?.map((s) => s.server)).toEqual(['p1', 'p2']);
  });

  it.each([[''], ['garbage\n'], ['Unknown command\n'], ['# pxname,svname\nweb,p1\n']])('returns undefined for %j', (text) => {
    expect(parseStatServers(text)).toBeUndefined();
  });
});
