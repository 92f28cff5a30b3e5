import { describe, expect, it } from 'vitest';
import { commonVerdict, median, spread, studyCell, summedShares } from '../../src/core/study/study-cells.js';
import { runRecord, THROTTLED } from './study-fixtures.js';

const rounds = (figures: Parameters<typeof runRecord>[1][]) => figures.map((f, i) => ({ round: i + 1, record: runRecord('Single Pi 3', f) }));

describe('median and spread', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[], null],
  ])('median of %j is %s', (values, m) => expect(median(values)).toBe(m));

  it('gives the range and the range as a share of the median', () => {
    expect(spread([90, 100, 110])).toEqual({ min: 90, max: 110, percent: 20 });
    expect(spread([])).toBeNull();
  });
});

describe('studyCell', () => {
  const hot = { mean: 500, p95: 900, rps: 40, flags: [THROTTLED] };
  it('leaves flagged runs out of the medians and names them', () => {
    const made = rounds([{ mean: 60, p95: 62, rps: 1600 }, hot, { mean: 64, p95: 70, rps: 1500 }]);
    const cell = studyCell('nginx:pi3', 'cached', made, false, false);
    expect([cell.used, cell.meanTimePerRequestMs, cell.p95Ms, cell.requestsPerSecond]).toEqual([2, 62, 66, 1550]);
    expect(cell.leftOut).toEqual([made[1]?.record.id]);
    expect(cell.runs.map((r) => [r.round, r.flagged, r.flags])).toEqual([[1, false, []], [2, true, ['pi3 throttled']], [3, false, []]]);
    expect(cell.spread.requestsPerSecond).toEqual({ min: 1500, max: 1600, percent: (100 / 1550) * 100 });
  });

  it('counts them in with includeFlagged', () => {
    const cell = studyCell('nginx:pi3', 'cached', rounds([{ mean: 60, p95: 62, rps: 1600 }, hot, { mean: 64, p95: 70, rps: 1500 }]), true, false);
    expect([cell.used, cell.requestsPerSecond, cell.leftOut]).toEqual([3, 1500, []]);
  });

  it('flags a run with non-2xx answers (a 5xx) and has no figures when every run is flagged', () => {
    const cell = studyCell('cluster', 'work', rounds([{ mean: 1, p95: 1, rps: 900, non2xx: 12 }]), false, true);
    expect(cell.runs[0]?.flags).toEqual(['12 non-2xx answers']);
    expect([cell.used, cell.requestsPerSecond, cell.meanTimePerRequestMs, cell.p95Ms, cell.spread.requestsPerSecond]).toEqual([0, null, null, null, null]);
  });

  it('sums the shares over the used runs, keeping only backends that took requests', () => {
    const shares = summedShares([
      runRecord('Cluster', { mean: 1, p95: 1, rps: 1, shares: [['web/p1', 30], ['web/p2', 10], ['apps/p1', 0]] }),
      runRecord('Cluster', { mean: 1, p95: 1, rps: 1, shares: [['web/p1', 30], ['web/p2', 30], ['apps/p1', 0]] }),
    ]);
    expect(shares).toEqual([{ server: 'web/p1', requests: 60, share: 0.6 }, { server: 'web/p2', requests: 40, share: 0.4 }]);
  });

  it('gives the verdict most runs gave, the later one on a tie', () => {
    const h = { component: 'haproxy' as const, node: 'head', evidence: 'a' };
    const w = { component: 'workers' as const, node: 'p1', evidence: 'b' };
    expect(commonVerdict([h, w, { ...h, evidence: 'c' }])).toEqual({ ...h, evidence: 'c' });
    expect(commonVerdict([h, w])).toEqual(w);
    expect(commonVerdict([])).toBeUndefined();
  });
});
