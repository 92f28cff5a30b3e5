import { describe, expect, it } from 'vitest';
import { planStudy, studyColumns, studySchedule, workPath, type StudyOptions } from '../../src/core/study/study-plan.js';
import { profileOf, SEED_YAML } from './study-fixtures.js';

const seed = profileOf(SEED_YAML);
const options: StudyOptions = { rounds: 3, seconds: 5, restSeconds: 1, concurrency: 100, engine: 'builtin', includeFlagged: false };

describe('studyColumns', () => {
  it("heads the columns as the seed did, one pair per worker model, the https cluster last", () => {
    expect(studyColumns(seed).map((c) => [c.id, c.heading, c.baseUrl, c.viaHaproxy, c.viaNginx])).toEqual([
      ['cluster', 'Cluster', 'http://10.0.0.1', true, true],
      ['cluster-app', 'Cluster (No Nginx)', 'http://10.0.0.1:8081', true, false],
      ['nginx:p1', 'Single Pi Zero', 'http://10.0.0.11', false, true],
      ['app:p1', 'Single Pi Zero (No Nginx)', 'http://10.0.0.11:8080', false, false],
      ['nginx:pi3', 'Single Pi 3', 'http://10.0.0.14', false, true],
      ['app:pi3', 'Single Pi 3 (No Nginx)', 'http://10.0.0.14:8080', false, false],
      ['cluster-tls', 'Cluster (TLS)', 'https://10.0.0.1', true, true],
    ]);
  });

  it('leaves out a column whose URL the profile lacks, and names a worker without a model by its name', () => {
    const bare = profileOf('head: { address: 10.0.0.1, haproxy: { sockets: [/s], frontendUrl: "http://lb/" } }\nworkers:\n  - { name: w1, address: 10.0.0.11 }\n');
    expect(studyColumns(bare).map((c) => c.heading)).toEqual(['Cluster', 'Single w1', 'Single w1 (No Nginx)']);
  });
});

describe('planStudy', () => {
  it('plans every endpoint × column, the work path from the presets, each a timed run at the study\'s concurrency', () => {
    const planned = planStudy(seed, options);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.endpoints.map((e) => [e.id, e.path])).toEqual([['cached', '/'], ['work', '/api/work']]);
    expect(planned.plan.cells).toHaveLength(14);
    const work = planned.plan.cells.find((c) => c.column.id === 'app:pi3' && c.endpoint.id === 'work');
    expect(work?.plan).toMatchObject({ url: 'http://10.0.0.14:8080/api/work', target: 'app', node: 'pi3', preset: 'study-work', concurrency: 100, limit: { kind: 'duration', seconds: 5 } });
    expect(planned.plan.cells.find((c) => c.column.id === 'cluster-app')?.plan.target).toBe('frontend');
  });

  it('takes the work endpoint from a profile preset named work', () => {
    expect(workPath(profileOf(`${SEED_YAML}loadTests:\n  - { name: work, target: frontend, path: /slow?n=3 }\n`))).toBe('/slow?n=3');
  });

  it.each([
    ['by kind', ['app'], ['app:p1', 'app:pi3']],
    ['by id and heading', ['cluster', 'Single Pi 3'], ['cluster', 'nginx:pi3']],
  ])('keeps only the targets --only names (%s)', (_n, only, ids) => {
    const planned = planStudy(seed, { ...options, only, endpoints: ['work'] });
    expect(planned.ok && planned.plan.cells.map((c) => c.column.id)).toEqual(ids);
  });

  it.each([
    ['an unknown target', { only: ['pi9'] }, /^no --only target "pi9" \(--only targets: cluster, cluster-app, /],
    ['an unknown endpoint', { endpoints: ['home'] }, /^no --endpoints endpoint "home" \(--endpoints endpoints: cached, work\)$/],
    ['ab on the https column without --insecure', { engine: 'ab' as const }, /^Cluster \(TLS\): ab does not check the certificate/],
  ])('refuses %s in one line', (_n, extra, reason) => {
    const planned = planStudy(seed, { ...options, ...extra });
    expect(planned.ok).toBe(false);
    expect(!planned.ok && planned.reason).toMatch(reason);
  });
});

describe('studySchedule', () => {
  it('interleaves: every cell once a round, A B C … A B C …', () => {
    expect(studySchedule(3, 2).map((s) => `${s.round}${'ABC'[s.cell]}`)).toEqual(['1A', '1B', '1C', '2A', '2B', '2C']);
  });
});
