import { describe, expect, it } from 'vitest';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { isServing, parseServerStatus } from '../../src/core/haproxy/server-status.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import { haproxyFixture } from './haproxy-fixtures.js';

const row = (records: readonly StatRecord[], key: string): StatRecord => {
  const found = records.find((r) => `${r.proxy}/${r.service}` === key);
  if (found === undefined) throw new Error(`no row ${key}`);
  return found;
};

describe('parseStatCsv on real HAProxy 2.6 output', () => {
  const table = parseStatCsv(haproxyFixture('2.6/show-stat.csv'));

  it('reads every row by the header, with no problems', () => {
    expect(table.problems).toEqual([]);
    expect(table.columns).toHaveLength(128);
    expect(table.records.map((r) => `${r.proxy}/${r.service}:${r.type}`)).toEqual([
      'web/FRONTEND:frontend',
      'web/s1:server',
      'web/s2:server',
      'web/s3:server',
      'web/s4:server',
      'web/BACKEND:backend',
      'api/a1:server',
      'api/BACKEND:backend',
    ]);
  });

  it.each([
    ['web/s1', { state: 'UP', weight: 1, checkStatus: 'L7OK', checkCode: 200, address: '127.0.9.2:18080' }],
    ['web/s2', { state: 'UP', weight: 2, checkStatus: 'L7OK', checkCode: 200, address: '127.0.9.3:18080' }],
    ['web/s3', { state: 'DOWN', weight: 1, checkStatus: 'L4CON', checkCode: undefined, address: '127.0.9.4:18080' }],
    ['web/s4', { state: 'NO_CHECK', weight: 1, checkStatus: undefined, checkCode: undefined, address: '127.0.9.5:18080' }],
    ['web/BACKEND', { state: 'UP', weight: 4, checkStatus: undefined, checkCode: undefined, address: undefined }],
    ['web/FRONTEND', { state: 'OPEN', weight: undefined, checkStatus: undefined, checkCode: undefined, address: undefined }],
  ])('%s: status, weight and check', (key, expected) => {
    const r = row(table.records, key);
    expect({ state: r.status?.state, weight: r.weight, checkStatus: r.checkStatus, checkCode: r.checkCode, address: r.address }).toEqual(expected);
  });

  it('reads counters; servers count requests from stot, frontends and backends from req_tot', () => {
    const fe = row(table.records, 'web/FRONTEND');
    expect(fe).toMatchObject({ totalSessions: 40, requestsTotal: 40, bytesIn: 3340, http2xx: 20, http5xx: 20, processNumber: 1 });
    const s2 = row(table.records, 'web/s2');
    expect(s2).toMatchObject({ totalSessions: 20, requestsTotal: 20, currentSessions: 0, http2xx: 11, http5xx: 9 });
    expect(s2.lastChangeSeconds).toBeGreaterThanOrEqual(0);
    expect(row(table.records, 'web/s3').checkDescription).toBe('Layer4 connection problem');
  });

  it('reads DRAIN, MAINT and the weight set at runtime', () => {
    const after = parseStatCsv(haproxyFixture('2.6/show-stat-drain-maint.csv')).records;
    expect(row(after, 'web/s1')).toMatchObject({ status: { state: 'DRAIN' }, weight: 3 });
    expect(row(after, 'web/s2').status?.state).toBe('MAINT');
  });

  it('reads transitional states such as "DOWN 1/2" and "UP 1/2"', () => {
    const rising = row(parseStatCsv(haproxyFixture('2.6/show-stat-transitional.csv')).records, 'web/s3');
    expect(rising.status).toEqual({ raw: 'DOWN 1/2', state: 'DOWN', transition: { done: 1, needed: 2 } });
    const starting = row(parseStatCsv(haproxyFixture('2.6/show-stat-nbthread1.csv')).records, 'api/a1');
    expect(starting.status).toMatchObject({ state: 'UP', transition: { done: 1, needed: 3 } });
  });

  it('reads the master CLI reply (@1 show stat) the same way', () => {
    const table = parseStatCsv(haproxyFixture('2.6/master-at1-show-stat.csv'));
    expect(table.problems).toEqual([]);
    expect(table.records).toHaveLength(8);
  });
});

describe('parseStatCsv on the HAProxy 1.8 format', () => {
  const table = parseStatCsv(haproxyFixture('1.8/show-stat-process-2.csv'));

  it('reads 83 columns by name, leaving columns 1.8 lacks undefined', () => {
    expect(table.problems).toEqual([]);
    expect(table.columns).toHaveLength(83);
    const pi1 = row(table.records, 'web/pi1');
    expect(pi1).toMatchObject({ weight: 3, processNumber: 2, totalSessions: 1000, http5xx: 32, address: '10.0.0.11:80' });
    expect(row(table.records, 'web/pi2').status?.raw).toBe('UP 2/3');
    expect(row(table.records, 'web/pi3').status?.state).toBe('DOWN');
  });
});

describe('parseStatCsv on broken input', () => {
  it('reports a reply cut inside a row and keeps the complete rows', () => {
    const table = parseStatCsv(haproxyFixture('broken/show-stat-truncated.csv'));
    expect(table.records.map((r) => r.service)).toEqual(['FRONTEND', 's1']);
    expect(table.problems).toEqual([{ line: 4, reason: 'web/s2: reply ends inside this row (truncated)' }]);
  });

  it('reports bad cells and short rows, and reads quoted fields', () => {
    const table = parseStatCsv(haproxyFixture('broken/show-stat-bad-rows.csv'));
    expect(table.problems).toEqual([
      { line: 2, reason: 'web/s1: scur "abc" is not a number' },
      { line: 3, reason: 'web/s2: 3 fields where the header has 5' },
    ]);
    expect(table.records.map((r) => [r.service, r.currentSessions, r.status?.state])).toEqual([
      ['s1', undefined, 'UP'],
      ['s,3', 2, 'DOWN'],
    ]);
  });

  it.each([
    ['garbage', haproxyFixture('broken/garbage.txt'), /no "# pxname,svname,..." header: "<html>/],
    ['empty', '', /no "# pxname/],
    ['a refusal', 'Permission denied\n\n', /header: "Permission denied"/],
    ['a header cut short', '# pxname,svname,qcur,qm', /ends inside the header/],
    ['another CSV', '# a,b,c\n1,2,3\n', /does not start with pxname,svname/],
  ])('returns no records and one problem for %s', (_name, text, reason) => {
    const table = parseStatCsv(text);
    expect(table.records).toEqual([]);
    expect(table.problems).toHaveLength(1);
    expect(table.problems[0]?.reason).toMatch(reason);
  });
});

describe('parseServerStatus', () => {
  it.each([
    ['UP', 'UP', true],
    ['UP 1/2', 'UP', true],
    ['DOWN 1/2', 'DOWN', false],
    ['no check', 'NO_CHECK', true],
    ['DRAIN', 'DRAIN', false],
    ['DRAIN (agent)', 'DRAIN', false],
    ['MAINT(via)', 'MAINT', false],
    ['MAINT (resolution)', 'MAINT', false],
    ['NOLB', 'NOLB', false],
    ['OPEN', 'OPEN', false],
    ['what?', 'UNKNOWN', false],
  ])('%s → %s (serving: %s)', (raw, state, serving) => {
    const status = parseServerStatus(raw);
    expect(status.state).toBe(state);
    expect(isServing(status)).toBe(serving);
  });

  it('keeps the qualifier of MAINT(via)', () => {
    expect(parseServerStatus('MAINT(via)').detail).toBe('via');
  });
});
