import { describe, expect, it } from 'vitest';
import { aggregateStats, describeMismatch, type AggregatedRecord } from '../../src/core/haproxy/stat-aggregate.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { haproxyFixture } from './haproxy-fixtures.js';

const process1 = { process: 'process 1', records: parseStatCsv(haproxyFixture('1.8/show-stat-process-1.csv')).records };
const process2 = { process: 'process 2', records: parseStatCsv(haproxyFixture('1.8/show-stat-process-2.csv')).records };

const row = (records: readonly AggregatedRecord[], key: string): AggregatedRecord => {
  const found = records.find((r) => `${r.proxy}/${r.service}` === key);
  if (found === undefined) throw new Error(`no row ${key}`);
  return found;
};

describe('aggregateStats across the processes of a multi-process HAProxy', () => {
  const merged = aggregateStats([process1, process2]);

  it('sums counters and sessions', () => {
    const fe = row(merged, 'http/FRONTEND');
    expect(fe).toMatchObject({ processes: 2, currentSessions: 9, totalSessions: 4500, requestsTotal: 4500, http5xx: 150, mismatches: [] });
    expect(fe.processNumber).toBeUndefined();
    expect(row(merged, 'web/pi2')).toMatchObject({ totalSessions: 1500, bytesOut: 2_400_000, http5xx: 50 });
  });

  it('reports a weight that differs between processes', () => {
    const pi1 = row(merged, 'web/pi1');
    expect(pi1.mismatches).toEqual([
      { field: 'weight', values: [{ process: 'process 1', value: '1' }, { process: 'process 2', value: '3' }] },
    ]);
    expect(describeMismatch(pi1, pi1.mismatches[0]!)).toBe('web/pi1 weight differs: 1 (process 1), 3 (process 2)');
  });

  it('agrees on "UP" and "UP 2/3" (a check in flight is not a disagreement) and on DOWN', () => {
    expect(row(merged, 'web/pi2').mismatches).toEqual([]);
    expect(row(merged, 'web/pi3')).toMatchObject({ status: { state: 'DOWN' }, mismatches: [] });
  });

  it('reports a status that differs, and a row only some processes have', () => {
    const drained = {
      process: 'process 3',
      records: process2.records.map((r) => (r.service === 'pi2' ? { ...r, status: { raw: 'DRAIN', state: 'DRAIN' as const } } : r)).filter((r) => r.service !== 'pi3'),
    };
    const rows = aggregateStats([process1, drained]);
    expect(row(rows, 'web/pi2').mismatches.map((m) => m.field)).toEqual(['status']);
    const pi3 = row(rows, 'web/pi3');
    expect(pi3.processes).toBe(1);
    expect(describeMismatch(pi3, pi3.mismatches[0]!)).toBe('web/pi3 missing from some processes: yes (process 1), no (process 3)');
  });

  it('leaves a single process as it is', () => {
    const single = aggregateStats([process1]);
    expect(single).toHaveLength(process1.records.length);
    expect(row(single, 'web/pi1')).toMatchObject({ weight: 1, totalSessions: 500, processNumber: 1, processes: 1, mismatches: [] });
  });
});
