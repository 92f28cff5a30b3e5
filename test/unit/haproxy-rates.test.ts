import { describe, expect, it } from 'vitest';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { statRates } from '../../src/core/haproxy/stat-rates.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import { haproxyFixture } from './haproxy-fixtures.js';

const server = (service: string, counters: Partial<StatRecord>): StatRecord => ({ proxy: 'web', service, type: 'server', ...counters });

describe('statRates', () => {
  it('gives per-second rates from counter deltas', () => {
    const prev = { atMs: 1_000, records: [server('s1', { requestsTotal: 100, totalSessions: 100, bytesIn: 1000, bytesOut: 50_000, http5xx: 2 })] };
    const next = { atMs: 3_000, records: [server('s1', { requestsTotal: 160, totalSessions: 150, bytesIn: 3000, bytesOut: 150_000, http5xx: 6 })] };
    expect(statRates(prev, next).get('web/s1')).toEqual({
      reset: false,
      requestsPerSecond: 30,
      sessionsPerSecond: 25,
      bytesInPerSecond: 1000,
      bytesOutPerSecond: 50_000,
      http5xxPerSecond: 2,
    });
  });

  it('a counter that went down (reload) gives no rate and flags the reset, never a negative rate', () => {
    const prev = { atMs: 0, records: [server('s1', { requestsTotal: 5000, bytesOut: 9000 })] };
    const next = { atMs: 1000, records: [server('s1', { requestsTotal: 12, bytesOut: 9100 })] };
    const rates = statRates(prev, next).get('web/s1');
    expect(rates).toEqual({ reset: true, bytesOutPerSecond: 100 });
  });

  it('gives no rate for rows new in this poll, missing counters, or no elapsed time', () => {
    const prev = { atMs: 0, records: [server('s1', { requestsTotal: 1 })] };
    const next = { atMs: 1000, records: [server('s1', {}), server('s2', { requestsTotal: 9 })] };
    const rates = statRates(prev, next);
    expect(rates.get('web/s1')).toEqual({ reset: false });
    expect(rates.has('web/s2')).toBe(false);
    expect(statRates(prev, { atMs: 0, records: prev.records }).get('web/s1')).toEqual({ reset: false });
  });

  it('works on real polls: the 2.6 fixtures taken before and after traffic stopped', () => {
    const before = { atMs: 0, records: parseStatCsv(haproxyFixture('2.6/show-stat.csv')).records };
    const after = { atMs: 2000, records: parseStatCsv(haproxyFixture('2.6/show-stat-drain-maint.csv')).records };
    expect(statRates(before, after).get('web/FRONTEND')).toMatchObject({ reset: false, requestsPerSecond: 0, http5xxPerSecond: 0 });
  });
});
