import { describe, expect, it } from 'vitest';
import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import { parseShowInfo } from '../../src/core/haproxy/show-info.js';
import { serverTable } from '../../src/core/wallboard/server-table.js';
import { haproxyFixture } from './haproxy-fixtures.js';
import { captured, emptyState, later, stats, T0 } from './wallboard-fixtures.js';

const texts = (rows: readonly (readonly { text: string }[])[]) => rows.map((r) => r.map((c) => c.text));

describe('serverTable', () => {
  it('says it is connecting before the first poll', () => {
    const t = serverTable(emptyState(), T0);
    expect(t.title).toBe('HAProxy · connecting');
    expect(t.rows).toEqual([]);
  });

  it('shows a captured drained and a maintained server in HAProxy\'s words, named by node', () => {
    const s = stats(emptyState(), T0, captured('2.6/show-stat-drain-maint.csv'));
    const t = serverTable(s, T0);
    expect(t.headers).toEqual(['server', 'state', 'check', 'weight', 'sess', 'req/s']);
    expect(texts(t.rows)).toEqual([
      ['s1', 'DRAIN', 'L7OK', '3', '0', '-'],
      ['s2', 'MAINT', '-', '2', '0', '-'],
      ['w3', 'DOWN', 'L4CON', '1', '0', '-'],
      ['s4', 'no check', '-', '1', '0', '-'],
    ]);
    expect(t.rows.map((r) => r[1]?.tone)).toEqual(['warn', 'warn', 'bad', 'good']);
    expect(t.rows[2]?.[2]?.tone).toBe('bad');
  });

  it('shows req/s from the second poll and the frontend totals in the title', () => {
    const first = captured();
    const s1 = first.find((r) => r.service === 's1')!;
    const fe = first.find((r) => r.service === 'FRONTEND')!;
    let s = stats(emptyState(), T0, first);
    const info = parseShowInfo(haproxyFixture('2.6/show-info.txt'));
    if (!info.ok) throw new Error('captured show info does not parse');
    s = reduceCluster(s, { type: 'haproxy-info', at: T0, info: info.value, processes: 1 });
    s = stats(s, T0 + 2000, later(first, { 'web/s1': { requestsTotal: s1.requestsTotal! + 50 }, 'web/FRONTEND': { requestsTotal: fe.requestsTotal! + 50 } }));
    const t = serverTable(s, T0 + 2000);
    expect(t.title).toBe(`HAProxy ${info.value.version.text} · 25 req/s, ${fe.currentSessions} sessions`);
    expect(t.rows[0]?.[5]?.text).toBe('25');
  });

  it('marks the last rows stale with a trailing "~" when HAProxy stops answering, and says since when', () => {
    let s = stats(emptyState(), T0, captured('2.6/show-stat-drain-maint.csv'));
    s = reduceCluster(s, { type: 'haproxy-error', at: T0 + 9000, error: 'head: connection refused' });
    const t = serverTable(s, T0 + 12_000);
    expect(t.title).toBe('HAProxy · NOT ANSWERING: head: connection refused, last read 12s ago');
    expect(texts(t.rows)[0]).toEqual(['s1', 'DRAIN~', 'L7OK~', '3~', '0~', '-']);
    expect(t.rows.every((r) => r.slice(1).every((c) => c.tone === 'dim'))).toBe(true);
  });

  it('flags a server whose processes disagree', () => {
    const records = captured().map((r) =>
      r.service === 's1' ? { ...r, mismatches: [{ field: 'weight' as const, values: [{ process: 'a', value: '1' }, { process: 'b', value: '2' }] }] } : r,
    );
    const t = serverTable(stats(emptyState(), T0, records), T0);
    expect(t.rows[0]?.[1]).toEqual({ text: 'UP !', tone: 'bad' });
    expect(t.title).toContain('1 warning');
  });
});
