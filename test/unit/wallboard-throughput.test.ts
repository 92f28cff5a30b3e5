import { describe, expect, it } from 'vitest';
import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import { MAX_SERVER_SERIES, niceCeiling, relativeLabel, throughputChart } from '../../src/core/wallboard/throughput-chart.js';
import { captured, emptyState, later, stats, T0 } from './wallboard-fixtures.js';

describe('relativeLabel', () => {
  it.each([
    [0, 'now'],
    [-0.4, 'now'],
    [-5, '-0:05'],
    [-60, '-1:00'],
    [-125, '-2:05'],
    [-299.6, '-5:00'],
  ])('%s s → %s', (seconds, label) => expect(relativeLabel(seconds)).toBe(label));
});

describe('niceCeiling', () => {
  it.each([
    [0, 5],
    [3, 5],
    [5, 5],
    [5.1, 10],
    [11, 20],
    [140, 200],
    [250, 500],
    [2000, 2000],
    [2001, 5000],
  ])('%s → %s', (value, top) => expect(niceCeiling(value)).toBe(top));
});

describe('throughputChart', () => {
  const first = captured();
  const fe = first.find((r) => r.service === 'FRONTEND')!;
  const server = (name: string) => first.find((r) => r.service === name)!;
  /** Two more polls one second apart: 100 req/s through the frontend, s1 60, s2 40. */
  const twoPolls = () => {
    let s = stats(emptyState(), T0, first);
    s = stats(s, T0 + 1000, later(first, {
      'web/FRONTEND': { requestsTotal: fe.requestsTotal! + 100 },
      'web/s1': { requestsTotal: server('s1').requestsTotal! + 60 },
      'web/s2': { requestsTotal: server('s2').requestsTotal! + 40 },
    }));
    return s;
  };

  it('says it is waiting while HAProxy has been polled fewer than twice', () => {
    const chart = throughputChart(stats(emptyState(), T0, first), T0 + 500);
    expect(chart.series).toEqual([]);
    expect(chart.note).toBe('waiting for two HAProxy polls');
  });

  it('says why when HAProxy is not answering', () => {
    const s = reduceCluster(emptyState(), { type: 'haproxy-error', at: T0, error: 'head: connection refused (/run/admin.sock)' });
    expect(throughputChart(s, T0).note).toBe('HAProxy not answering: head: connection refused (/run/admin.sock)');
  });

  it('draws the cluster and each server, named by its node, with times relative to now', () => {
    const chart = throughputChart(twoPolls(), T0 + 3000);
    expect(chart.labels).toEqual(['-0:02']);
    expect(chart.series.map((s) => [s.title, s.values, s.color])).toEqual([
      ['cluster', [100], 'yellow'],
      ['s1', [60], 'cyan'],
      ['s2', [40], 'magenta'],
      ['w3', [0], 'green'],
      ['s4', [0], 'blue'],
    ]);
    expect(chart.maxY).toBe(200);
    expect(chart.title).toBe('Requests/s, last 5 min · now 100');
  });

  it('leaves out points older than the window', () => {
    const s = twoPolls();
    expect(throughputChart(s, T0 + 1000 + 300_000).series).toHaveLength(5);
    expect(throughputChart(s, T0 + 1000 + 300_001).note).toBe('waiting for two HAProxy polls');
  });

  it(`draws at most ${MAX_SERVER_SERIES} servers, the busiest, and says how many it left out`, () => {
    const s = twoPolls();
    const point = s.throughput[0]!;
    const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`web/x${i}`, i]));
    const chart = throughputChart({ ...s, throughput: [{ ...point, perServer: many }] }, T0 + 1000);
    expect(chart.series.map((x) => x.title)).toEqual(['cluster', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']);
    expect(chart.title).toContain('3 quieter servers not drawn');
  });
});
