import { describe, expect, it } from 'vitest';
import { renderComparison, scalingEfficiency } from '../../src/core/loadtest/compare-table.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';
import { runLabel, type RunRecord } from '../../src/core/loadtest/run-record.js';
import { errorWarning, renderHistory, renderRunSummary } from '../../src/core/loadtest/run-summary.js';
import { serverShares } from '../../src/core/loadtest/server-share.js';

function record(id: string, target: RunPlan['target'], node: string | undefined, model: string | undefined, mean: number, p95: number, rps: number, extra: Partial<RunRecord> = {}): RunRecord {
  const plan: RunPlan = {
    url: 'http://piclusternode0/', preset: target === 'frontend' ? 'home' : `node-${target}`, target, ...(node !== undefined && { node }),
    method: 'GET', concurrency: 100, limit: { kind: 'requests', requests: 10000 }, keepAlive: true, headers: {}, engine: 'ab',
  };
  return {
    version: 1, id, startedAt: '2017-11-04T10:00:00.000Z', profile: 'pi-cluster', label: runLabel(plan, model), plan,
    result: {
      engine: 'ab', target: plan.url, concurrency: 100, requestsPerSecond: rps, meanTimePerRequestMs: mean,
      latency: { p50Ms: null, p95Ms: p95, p99Ms: null, maxMs: null }, completed: 10000, failed: 0, non2xx: 0, transferBytesPerSecond: 0, durationSeconds: 10,
    },
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false, ...extra,
  };
}

// The seed's first table: cluster vs a single Pi Zero vs a single Pi 3 (all 10000 requests, 100 at a time).
const cluster = record('a1', 'frontend', undefined, undefined, 118.413, 173, 844.5);
const zero = record('a2', 'nginx', 'p1', 'Pi Zero', 225.442, 280, 443.57);
const pi3 = record('a3', 'nginx', 'pi3', 'Pi 3', 62.771, 62, 1593.1);

describe('renderComparison', () => {
  it('draws the seed\'s table in markdown, with the scaling efficiency', () => {
    expect(renderComparison([cluster, zero, pi3], 'md')).toBe(
      [
        '| Metric | Cluster | Single Pi Zero p1 | Single Pi 3 pi3 |',
        '| --- | ---: | ---: | ---: |',
        '| Mean Time Per Request (ms) | 118.413 | 225.442 | 62.771 |',
        '| 95% Time (ms) | 173 | 280 | 62 |',
        '| Requests Per Second (mean) | 844.50 | 443.57 | 1593.10 |',
        '| Failed Requests | 0 | 0 | 0 |',
        '',
        'Scaling efficiency: 0.41 (cluster 844.50 req/s ÷ (443.57 + 1593.10) single-node req/s)',
        '',
      ].join('\n'),
    );
  });

  it('aligns a human table and writes csv and json', () => {
    expect(renderComparison([cluster, pi3], 'human')).toBe(
      [
        'Metric                      Cluster  Single Pi 3 pi3',
        'Mean Time Per Request (ms)  118.413           62.771',
        '95% Time (ms)                   173               62',
        'Requests Per Second (mean)   844.50          1593.10',
        'Failed Requests                   0                0',
        '',
        'Scaling efficiency: 0.53 (cluster 844.50 req/s ÷ (1593.10) single-node req/s)',
        '',
      ].join('\n'),
    );
    expect(renderComparison([cluster, zero], 'csv').split('\n')).toEqual([
      'Metric,Cluster,Single Pi Zero p1',
      'Mean Time Per Request (ms),118.413,225.442',
      '95% Time (ms),173,280',
      'Requests Per Second (mean),844.50,443.57',
      'Failed Requests,0,0',
      'Scaling efficiency,1.90',
      '',
    ]);
    const json = JSON.parse(renderComparison([cluster, zero], 'json')) as { runs: { id: string; requestsPerSecond: number }[]; scalingEfficiency: { efficiency: number } };
    expect(json.runs.map((r) => [r.id, r.requestsPerSecond])).toEqual([['a1', 844.5], ['a2', 443.57]]);
    expect(json.scalingEfficiency.efficiency).toBeCloseTo(844.5 / 443.57, 6);
  });

  const app = record('a5', 'app', 'pi3', 'Pi 3', 50, 60, 422.27);
  const other = record('a6', 'nginx', 'p1', 'Pi Zero', 1, 1, 500, { plan: { ...zero.plan, url: 'http://10.0.0.11/api/work' } });
  const tls = record('a7', 'frontend', undefined, undefined, 1, 1, 600, { plan: { ...cluster.plan, url: 'https://piclusternode0/' } });
  it.each([
    ['cluster ÷ an app run (no nginx)', [cluster, app], "Scaling efficiency: none (no single-node run via nginx of the cluster's request (GET /); a run to the app bypasses nginx)"],
    ['cluster ÷ nginx on another path', [cluster, other], "Scaling efficiency: none (no single-node run via nginx of the cluster's request (GET /); a run to the app bypasses nginx)"],
    ['an https cluster run', [tls, zero], 'Scaling efficiency: none (the cluster run went over https, the single-node runs do not)'],
    ['two cluster runs', [cluster, tls, zero], 'Scaling efficiency: none (2 cluster runs; compare one with the single-node runs)'],
    ['the comparable nginx run only, the app run left out of the sum', [cluster, zero, app], 'Scaling efficiency: 1.90 (cluster 844.50 req/s ÷ (443.57) single-node req/s)'],
  ])('divides only comparable paths: %s', (_name, runs, line) => {
    expect(renderComparison(runs, 'human').split('\n')).toContain(line);
  });

  it('has no scaling efficiency without exactly one cluster run and a single-node run', () => {
    expect(scalingEfficiency([zero, pi3])).toBeUndefined();
    expect(scalingEfficiency([cluster, record('a4', 'frontend', undefined, undefined, 1, 1, 900)])).toBeUndefined();
    expect(renderComparison([zero, pi3], 'md')).not.toContain('Scaling');
  });

  it('tells twin columns apart by id, marks throttled runs and shows "-" for a percentile the engine lacks', () => {
    const hot = record('b7', 'nginx', 'pi3', 'Pi 3', 80, 90, 1200, { throttled: true, newlyThrottled: { pi3: ['soft temperature limit'] } });
    const wrk = record('b8', 'nginx', 'pi3', 'Pi 3', 70, 0, 1500);
    const noP95 = { ...wrk, result: { ...wrk.result, latency: { ...wrk.result.latency, p95Ms: null } } };
    const md = renderComparison([hot, noP95], 'md');
    expect(md).toContain('| Metric | Single Pi 3 pi3 [b7] ⚠ | Single Pi 3 pi3 [b8] |');
    expect(md).toContain('| 95% Time (ms) | 90 | - |');
    expect(md).toContain("⚠ Single Pi 3 pi3 [b7]: flagged (pi3: soft temperature limit (new since boot by the run's end))");
  });

  it('says in one line which flagged runs were left out (a JSON field), and names the node and what', () => {
    const hot = record('b7', 'nginx', 'pi3', 'Pi 3', 80, 90, 1200, {
      throttled: true,
      flags: [{ node: 'pi3', kind: 'throttled-now', what: ['throttled'], fromS: 0, toS: 9, samples: 10 }, { node: 'pi3', kind: 'clock-capped', what: ['600 of 1200 MHz'], fromS: 0, toS: 9, samples: 10 }],
    });
    const human = renderComparison([zero], 'human', { leftOut: [hot] });
    expect(human.trimEnd().split('\n').at(-1)).toBe('1 flagged run left out (pi3 throttled, pi3 clock capped); --include-flagged to show it');
    const json = JSON.parse(renderComparison([zero], 'json', { leftOut: [hot] }));
    expect(json.leftOut).toEqual([{ id: 'b7', label: 'Single Pi 3 pi3', flags: ['pi3: throttled now (throttled) at 0–9 s, clock 600 of 1200 MHz at 0–9 s'] }]);
    expect(json.runs.map((r: { id: string }) => r.id)).toEqual([zero.id]);
  });

  it('tells runs with one label apart by preset first, by id where the preset is the same too', () => {
    const home = record('d1', 'frontend', undefined, undefined, 1, 2, 900);
    const work = { ...record('d2', 'frontend', undefined, undefined, 30, 70, 280), plan: { ...home.plan, preset: 'work' } };
    const again = record('d3', 'frontend', undefined, undefined, 1, 2, 910);
    expect(renderComparison([home, work], 'md').split('\n')[0]).toBe('| Metric | Cluster · home | Cluster · work |');
    expect(renderComparison([home, work, again], 'md').split('\n')[0]).toBe('| Metric | Cluster [d1] | Cluster · work | Cluster [d3] |');
    expect(renderComparison([home, pi3], 'md').split('\n')[0]).toBe('| Metric | Cluster | Single Pi 3 pi3 |');
  });
});

describe('run summary and history list', () => {
  it('warns about a flagged run wherever it is shown (an old record with only newlyThrottled too)', () => {
    const hot = record('c1', 'frontend', undefined, undefined, 118.4, 173, 844.5, { throttled: true, newlyThrottled: { p2: ['under-voltage'] } });
    expect(renderRunSummary(hot)).toContain("⚠ flagged: p2: under-voltage (new since boot by the run's end) — these figures understate the hardware");
    expect(renderHistory([cluster, hot]).split('\n')[1]).toMatch(/^c1 .*844\.50 req\/s .*⚠ flagged \(p2 throttled\)$/);
    const capped = record('c2', 'frontend', undefined, undefined, 118.4, 173, 844.5, {
      throttled: true,
      flags: [{ node: 'p3', kind: 'clock-capped', what: ['700 of 1000 MHz'], fromS: 4.1, toS: 6, samples: 3 }],
    });
    expect(renderRunSummary(capped)).toContain('⚠ flagged: p3: clock 700 of 1000 MHz at 4.1–6 s — these figures understate the hardware');
    expect(renderHistory([capped])).toMatch(/⚠ flagged \(p3 clock capped\)\n$/);
    expect(renderHistory([cluster]).split('\n')[0]).not.toContain('⚠');
  });

  it('shows the cluster state and shares', () => {
    const text = renderRunSummary({
      ...cluster,
      shares: { servers: [{ server: 'web/p1', requests: 2500, share: 0.25 }, { server: 'web/pi3', requests: 7500, share: 0.75 }], total: 10000, reset: [], appeared: [] },
      cluster: { haproxyVersion: '2.6.12', servers: [{ server: 'web/p1', weight: 1, status: 'UP', out: false }, { server: 'web/pi3', weight: 3, status: 'UP', out: false }, { server: 'web/p2', weight: 1, status: 'DRAIN', out: true }] },
    });
    expect(text).toContain('  Servers        web/p1 25.0 % (2500)  web/pi3 75.0 % (7500)');
    expect(text).toContain('  Cluster        HAProxy 2.6.12; weights web/p1 1, web/pi3 3, web/p2 1; out: web/p2 DRAIN');
    expect(text).toContain('Saved as a1');
    expect(renderRunSummary(cluster, false)).not.toContain('Saved as');
  });

  it("says how many threads the built-in engine ran, when it says", () => {
    const builtin = (threads?: number) =>
      renderRunSummary({ ...cluster, plan: { ...cluster.plan, engine: 'builtin' }, result: { ...cluster.result, engine: 'builtin', ...(threads !== undefined && { threads }) } }).split('\n')[0];
    expect(builtin(2)).toBe('home → http://piclusternode0/  (builtin, 2 threads, -c 100, 10000 requests, keep-alive)');
    expect(builtin(1)).toContain('(builtin, 1 thread, -c 100');
    expect(builtin()).toContain('(builtin, -c 100');
  });

  it('says a fixed-rate run is one, that its latency counts from the schedule, and the requests never sent', () => {
    const fixed = (scheduled: number, sent: number) =>
      renderRunSummary({
        ...cluster,
        plan: { ...cluster.plan, engine: 'builtin', rate: 500, limit: { kind: 'duration', seconds: 10 } },
        result: {
          ...cluster.result, engine: 'builtin', requestsPerSecond: sent / 10,
          latency: { p50Ms: 1.5, p90Ms: 3, p95Ms: 4, p99Ms: 820, p999Ms: 990, maxMs: 1002 },
          fixedRate: { targetPerSecond: 500, scheduled, sent },
        },
      }).split('\n');
    const full = fixed(5000, 5000);
    expect(full[0]).toBe('home → http://piclusternode0/  (builtin, -c 100, 10 s, fixed rate 500/s, keep-alive)');
    expect(full).toContain('  Latency        p50 1.50 ms  p90 3 ms  p95 4 ms  p99 820 ms  p99.9 990 ms  max 1002 ms  (from when each request was due)');
    expect(full).toContain('  Fixed rate     500/s asked, 500.00/s achieved; 5000 of 5000 scheduled requests sent');
    expect(fixed(5000, 3100)).toContain('  Fixed rate     500/s asked, 310.00/s achieved; 3100 of 5000 scheduled requests sent (1900 never sent: the connections could not keep up)');
    expect(renderRunSummary(cluster)).not.toContain('Fixed rate');
    expect(renderHistory([{ ...cluster, plan: { ...cluster.plan, rate: 500 } }])).toContain('-c 100 at 500/s');
  });
});

describe('errorWarning and 5xx per server', () => {
  const withResult = (failed: number, non2xx: number, extra: Partial<RunRecord> = {}) => ({ ...cluster, result: { ...cluster.result, failed, non2xx }, ...extra });
  it.each([
    [0, 0, undefined],
    [0, 2500, '⚠ 2500 of 10000 responses were not 2xx (25.0 %) — the req/s above counts them'],
    [1, 0, '⚠ 1 request failed — the req/s above counts them'],
    [3, 10, '⚠ 3 requests failed and 10 of 10000 responses were not 2xx (0.1 %) — the req/s above counts them'],
  ])('failed %i, non-2xx %i → %s', (failed, non2xx, expected) => {
    expect(errorWarning(withResult(failed, non2xx))).toBe(expected);
  });

  it('names the servers HAProxy counted 5xx from (a dead app behind p2\'s nginx, as on the lab)', () => {
    const shares = serverShares(
      new Map([['web/p1', 10], ['web/p2', 10]]),
      new Map([['web/p1', 110], ['web/p2', 110]]),
      { before: new Map([['web/p1', 0], ['web/p2', 4]]), after: new Map([['web/p1', 0], ['web/p2', 104]]) },
    );
    expect(shares.servers).toEqual([
      { server: 'web/p1', requests: 100, share: 0.5, http5xx: 0 },
      { server: 'web/p2', requests: 100, share: 0.5, http5xx: 100 },
    ]);
    const text = renderRunSummary(withResult(0, 100, { shares }));
    expect(text).toContain('  Servers        web/p1 50.0 % (100)  web/p2 50.0 % (100, 100 5xx)');
    expect(text).toContain('⚠ 100 of 10000 responses were not 2xx (1.0 %); 5xx from web/p2 100 — the req/s above counts them');
  });

  it('the comparison grows a Non-2xx row and a note only when some run had them', () => {
    expect(renderComparison([cluster, zero], 'human')).not.toContain('Non-2xx');
    const bad = withResult(0, 120);
    const text = renderComparison([bad, zero], 'human');
    expect(text).toMatch(/^Non-2xx Responses\s+120\s+0$/m);
    expect(text).toContain('⚠ Cluster [a1]: 120 of 10000 responses were not 2xx; its req/s counts them');
    expect(JSON.parse(renderComparison([bad, zero], 'json')).runs.map((r: { non2xx: number }) => r.non2xx)).toEqual([120, 0]);
  });

  it('an old record without a non-2xx count warns of nothing it does not know', () => {
    const { non2xx: _gone, ...old } = cluster.result;
    expect(errorWarning({ ...cluster, result: old as RunRecord['result'] })).toBeUndefined();
  });

  it('a 5xx counter that went backwards (reload) counts from 0; runs saved without 5xx counters show none', () => {
    const shares = serverShares(new Map([['web/p1', 50]]), new Map([['web/p1', 80]]), { before: new Map([['web/p1', 9]]), after: new Map([['web/p1', 2]]) });
    expect(shares.servers[0]?.http5xx).toBe(2);
    expect(serverShares(new Map([['web/p1', 50]]), new Map([['web/p1', 80]])).servers[0]).not.toHaveProperty('http5xx');
  });
});
