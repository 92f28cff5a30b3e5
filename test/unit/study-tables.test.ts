import { describe, expect, it } from 'vitest';
import { assembleStudy, type StudyOutcome } from '../../src/core/study/study-assemble.js';
import { planStudy, type StudyPlan } from '../../src/core/study/study-plan.js';
import { renderStudy } from '../../src/core/study/study-tables.js';
import { scalingText, studyScaling } from '../../src/core/study/study-scaling.js';
import type { StudyResult } from '../../src/core/study/study-result.js';
import { profileOf, runRecord, SEED_YAML, THROTTLED, type Figures } from './study-fixtures.js';

const seed = profileOf(SEED_YAML);

// The seed's two tables (ab -kc 100 -n 10000, November 2017): the homepage, then the uncached endpoint.
const SEED: Readonly<Record<string, Figures>> = {
  'cached cluster': { mean: 118.413, p95: 173, rps: 844.5, shares: [['web/p1', 2500], ['web/p2', 2500], ['web/p3', 2500], ['web/pi3', 2500]] },
  'cached nginx:p1': { mean: 225.442, p95: 280, rps: 443.57 },
  'cached nginx:pi3': { mean: 62.771, p95: 62, rps: 1593.1 },
  'work cluster': { mean: 1058.234, p95: 5476, rps: 94.5, shares: [['web/p1', 250], ['web/p2', 250], ['web/p3', 250], ['web/pi3', 250]], bottleneck: { component: 'workers', node: 'p1,p2,p3', evidence: 'app at 100 %' } },
  'work cluster-app': { mean: 430.534, p95: 1187, rps: 232.27, shares: [['apps/p1', 100], ['apps/p2', 100], ['apps/p3', 100], ['apps/pi3', 300]] },
  'work nginx:p1': { mean: 6354.98, p95: 7060, rps: 15.74 },
  'work app:p1': { mean: 6588.006, p95: 7384, rps: 15.18 },
  'work nginx:pi3': { mean: 1877.685, p95: 5053, rps: 53.26 },
  'work app:pi3': { mean: 236.815, p95: 655, rps: 422.27 },
};

function study(only: string[], extra: (plan: StudyPlan) => StudyOutcome[] = () => []): StudyResult {
  const planned = planStudy(seed, { rounds: 1, seconds: 5, restSeconds: 1, concurrency: 100, engine: 'builtin', includeFlagged: false, only });
  if (!planned.ok) throw new Error(planned.reason);
  const plan = planned.plan;
  const outcomes: StudyOutcome[] = plan.cells.flatMap((c, cell) => {
    const f = SEED[`${c.endpoint.id} ${c.column.id}`];
    return f === undefined ? [] : [{ cell, round: 1, ok: true as const, record: runRecord(c.column.heading, f) }];
  });
  return assembleStudy(plan, [...outcomes, ...extra(plan)], {
    id: '20171104-100000-abc', startedAt: '2017-11-04T10:00:00.000Z', finishedAt: '2017-11-04T10:05:00.000Z', profile: seed,
    cluster: { haproxyVersion: '1.7.5', servers: [{ server: 'web/p1', weight: 1, status: 'UP', out: false }, { server: 'web/pi3', weight: 3, status: 'UP', out: false }] },
    roundsCompleted: 1,
  });
}

const seedColumns = ['cluster', 'cluster-app', 'nginx:p1', 'app:p1', 'nginx:pi3', 'app:pi3'];

describe('renderStudy', () => {
  it("prints the seed's uncached table in Markdown, exactly, with the details and the scaling line under it", () => {
    const md = renderStudy(study(seedColumns), 'markdown').split('\n');
    const at = md.indexOf('### Uncached work (/api/work)');
    expect(md.slice(at, at + 22)).toEqual([
      '### Uncached work (/api/work)',
      '',
      'Median of 1 rounds × 5 s, -c 100, builtin.',
      '',
      '| Metric | Cluster | Cluster (No Nginx) | Single Pi Zero | Single Pi Zero (No Nginx) | Single Pi 3 | Single Pi 3 (No Nginx) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| Mean Time Per Request (ms) | 1058.234 | 430.534 | 6354.980 | 6588.006 | 1877.685 | 236.815 |',
      '| 95% Time (ms) | 5476 | 1187 | 7060 | 7384 | 5053 | 655 |',
      '| Requests Per Second (mean) | 94.50 | 232.27 | 15.74 | 15.18 | 53.26 | 422.27 |',
      '',
      '| Column | Rounds; req/s spread | Bottleneck | Share per server through HAProxy |',
      '| --- | --- | --- | --- |',
      '| Cluster | 1 of 1 rounds; 94.5–94.5 (±0.0 %) req/s | workers (p1,p2,p3) | web/p1 25 %, web/p2 25 %, web/p3 25 %, web/pi3 25 % |',
      '| Cluster (No Nginx) | 1 of 1 rounds; 232.3–232.3 (±0.0 %) req/s | not sampled | apps/p1 17 %, apps/p2 17 %, apps/p3 17 %, apps/pi3 50 % |',
      '| Single Pi Zero | 1 of 1 rounds; 15.7–15.7 (±0.0 %) req/s | not sampled | - |',
      '| Single Pi Zero (No Nginx) | 1 of 1 rounds; 15.2–15.2 (±0.0 %) req/s | not sampled | - |',
      '| Single Pi 3 | 1 of 1 rounds; 53.3–53.3 (±0.0 %) req/s | not sampled | - |',
      '| Single Pi 3 (No Nginx) | 1 of 1 rounds; 422.3–422.3 (±0.0 %) req/s | not sampled | - |',
      '',
      'Scaling efficiency: 0.94 (Cluster 94.50 req/s ÷ (3 × Single Pi Zero 15.74 + 1 × Single Pi 3 53.26 = 100.48))',
      '',
    ]);
    expect(md[0]).toBe('Study 20171104-100000-abc of test at 2017-11-04 10:00:00 UTC: HAProxy 1.7.5; weights web/p1 1, web/pi3 3; workers p1 Pi Zero, p2 Pi Zero, p3 Pi Zero, pi3 Pi 3; no run flagged');
  });

  it("prints the seed's first table aligned for a person", () => {
    const human = renderStudy(study(['cluster', 'nginx']), 'human').split('\n');
    const at = human.indexOf('Cached homepage (/): median of 1 rounds × 5 s, -c 100, builtin');
    expect(human.slice(at + 1, at + 5)).toEqual([
      'Metric                      Cluster  Single Pi Zero  Single Pi 3',
      'Mean Time Per Request (ms)  118.413         225.442       62.771',
      '95% Time (ms)                   173             280           62',
      'Requests Per Second (mean)   844.50          443.57      1593.10',
    ]);
    expect(human).toContain('Scaling efficiency: 0.29 (Cluster 844.50 req/s ÷ (3 × Single Pi Zero 443.57 + 1 × Single Pi 3 1593.10 = 2923.81))');
  });

  it('writes one CSV table for every endpoint', () => {
    const csv = renderStudy(study(['cluster', 'nginx:pi3']), 'csv').split('\n');
    expect(csv.slice(0, 10)).toEqual([
      'Endpoint,Metric,Cluster,Single Pi 3',
      'cached,Mean Time Per Request (ms),118.413,62.771',
      'cached,95% Time (ms),173,62',
      'cached,Requests Per Second (mean),844.50,1593.10',
      'cached,Rounds used,1,1',
      'cached,Requests Per Second spread (%),0.0,0.0',
      'cached,Bottleneck,not sampled,not sampled',
      'cached,Share per server,"web/p1 25 %, web/p2 25 %, web/p3 25 %, web/pi3 25 %",',
      'cached,Scaling efficiency,none',
      'work,Mean Time Per Request (ms),1058.234,1877.685',
    ]);
  });

  it('shows a flagged run under its table and a failed one, and the cell without figures as -', () => {
    const result = study(['cluster', 'nginx:pi3'], (plan) => {
      const pi3 = plan.cells.findIndex((c) => c.column.id === 'nginx:pi3' && c.endpoint.id === 'cached');
      return [{ cell: pi3, round: 2, ok: true, record: runRecord('Single Pi 3', { mean: 900, p95: 999, rps: 10, flags: [THROTTLED] }) }, { cell: pi3, round: 3, ok: false, reason: '127.0.0.14:80 did not answer' }];
    });
    const human = renderStudy(result, 'human');
    expect(human).toContain('⚠ Single Pi 3 round 2: pi3 throttled (left out)');
    expect(human).toContain('✗ Single Pi 3 round 3: 127.0.0.14:80 did not answer');
    expect(human).toMatch(/Single Pi 3 +1 of 3 rounds, 1 flagged left out, 1 failed; 1593\.1–1593\.1/);
    expect(result.cluster.flags).toEqual(['pi3 throttled']);
  });
});

describe('the scaling line', () => {
  it.each([
    ['cluster ÷ every model via nginx', ['cluster', 'nginx'], 'Scaling efficiency: 0.94 (Cluster 94.50 req/s ÷ (3 × Single Pi Zero 15.74 + 1 × Single Pi 3 53.26 = 100.48))'],
    ['apps only: a different path', ['cluster', 'app'], 'Scaling efficiency: none (no single-node column via nginx (a column to an app bypasses nginx))'],
    ['no cluster through nginx', ['cluster-app', 'nginx'], 'Scaling efficiency: none (no Cluster column (through HAProxy and nginx))'],
    ['a model missing', ['cluster', 'nginx:pi3'], 'Scaling efficiency: none (no single-node column via nginx for Pi Zero)'],
  ])('%s', (_n, only, line) => {
    const r = study(only);
    const work = r.endpoints.find((e) => e.id === 'work');
    if (work === undefined) throw new Error('no work endpoint');
    expect(scalingText(studyScaling(work, r.columns, r.cells, seed), r.columns)).toBe(line);
  });

  it('is none when the cluster column has only flagged runs', () => {
    const planned = planStudy(seed, { rounds: 1, seconds: 1, restSeconds: 0, concurrency: 1, engine: 'builtin', includeFlagged: false, only: ['cluster', 'nginx'], endpoints: ['cached'] });
    if (!planned.ok) throw new Error(planned.reason);
    const outcomes: StudyOutcome[] = planned.plan.cells.map((c, cell) => ({ cell, round: 1, ok: true, record: runRecord(c.column.heading, { mean: 1, p95: 1, rps: 100, ...(c.column.id === 'cluster' && { flags: [THROTTLED] }) }) }));
    const r = assembleStudy(planned.plan, outcomes, { id: 's', startedAt: 'x', finishedAt: 'y', profile: seed, roundsCompleted: 1 });
    expect(r.scaling).toEqual([{ endpoint: 'cached', comparable: false, reason: 'the Cluster column has no unflagged run' }]);
  });
});
