import { describe, expect, it } from 'vitest';
import { mdText } from '../../src/core/study/markdown-text.js';
import { studyCharts } from '../../src/core/study/study-charts.js';
import { renderStudyReport } from '../../src/core/study/study-report.js';
import type { StudyResult } from '../../src/core/study/study-result.js';
import { SEED_STUDY, withFlaggedRound } from './study-report-fixtures.js';

const FILES = { requestsPerSecondSvg: 'study-rps.svg', latencySvg: 'study-latency.svg' };

/** The lines of a section, from its "## " heading to the next. */
function section(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('report.md', () => {
  const md = renderStudyReport(SEED_STUDY, FILES);

  it("prints the seed's two tables exactly as the seed did", () => {
    expect(section(md, 'Cached homepage (/)').filter((l) => l.startsWith('|'))).toEqual([
      '| Metric | Cluster | Single Pi Zero | Single Pi 3 |',
      '| --- | ---: | ---: | ---: |',
      '| Mean Time Per Request (ms) | 118.413 | 225.442 | 62.771 |',
      '| 95% Time (ms) | 173 | 280 | 62 |',
      '| Requests Per Second (mean) | 844.50 | 443.57 | 1593.10 |',
    ]);
    expect(section(md, 'Uncached work (/api/work)').filter((l) => l.startsWith('|'))).toEqual([
      '| Metric | Cluster | Cluster (No Nginx) | Single Pi Zero | Single Pi Zero (No Nginx) | Single Pi 3 | Single Pi 3 (No Nginx) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| Mean Time Per Request (ms) | 1058.234 | 430.534 | 6354.980 | 6588.006 | 1877.685 | 236.815 |',
      '| 95% Time (ms) | 5476 | 1187 | 7060 | 7384 | 5053 | 655 |',
      '| Requests Per Second (mean) | 94.50 | 232.27 | 15.74 | 15.18 | 53.26 | 422.27 |',
    ]);
  });

  it('under each table: the share of each server through HAProxy, each column\'s bottleneck, and the scaling line or why there is none', () => {
    const cached = section(md, 'Cached homepage (/)');
    expect(cached).toContain('- Cluster: web/p1 25 %, web/p2 25 %, web/p3 25 %, web/pi3 25 %');
    expect(cached).toContain('- Cluster: HAProxy on head: idle 2 %, its busiest thread 99 %');
    expect(cached).toContain('- Single Pi 3: the workers: pi3 app 98 %');
    expect(cached).toContain('Scaling efficiency: 0.29 (Cluster 844.50 req/s ÷ (3 × Single Pi Zero 443.57 + 1 × Single Pi 3 1593.10 = 2923.81)).');
    expect(section(md, 'Uncached work (/api/work)')).toContain('Scaling efficiency: none (the cluster column ran through HAProxy to the apps).');
  });

  it('names the cluster: HAProxy version, each server\'s weight, each worker\'s model, each column\'s URL', () => {
    const cluster = section(md, 'The cluster');
    expect(cluster).toContain('HAProxy 1.7.5-2.');
    expect(cluster).toContain('| web/pi3 | 3 | UP |');
    expect(cluster).toContain('| web/p1 | 1 | UP |');
    expect(cluster).toContain('| pi3 | Pi 3 |');
    expect(cluster).toContain('| p2 | Pi Zero |');
    expect(cluster).toContain('- Single Pi 3 (No Nginx): http://pi3:9000 (pi3)');
  });

  it('shows both charts by their file names, and says there were no flags', () => {
    expect(section(md, 'Charts')).toEqual(expect.arrayContaining(['![Requests per second by target](study-rps.svg)', '![Latency by target: mean and 95 %](study-latency.svg)']));
    expect(section(md, 'Flags')).toContain('None: no run was throttled, held below its clock or answered with 5xx.');
    expect(md.startsWith('# Study 20171104-120000-abc\n\n1 round of 12 s per cell · 100 connections, keep-alive · ab · profile pi-cluster · 2017-11-04.\n')).toBe(true);
  });

  it('lists every run, and every flag: a flagged run is named, left out of its median, and said so', () => {
    const flagged = renderStudyReport(withFlaggedRound(), FILES);
    const flags = section(flagged, 'Flags');
    expect(flags).toContain('- pi3 throttled');
    expect(flags).toContain('- round 2, Single Pi 3, Cached homepage (/) (run 20171104-120500-thr): pi3 throttled; pi3 clock capped');
    expect(flags).toContain('Flagged runs are left out of the medians.');
    expect(section(flagged, 'Cached homepage (/)')).toContain('Runs in the medians — Single Pi 3: 1 of 2 runs, left out (flagged): 20171104-120500-thr.');
    // The median is still the unflagged run's.
    expect(section(flagged, 'Cached homepage (/)')).toContain('| Requests Per Second (mean) | 844.50 | 443.57 | 1593.10 |');
    const runs = section(flagged, 'Every run').filter((l) => l.startsWith('| ') && !l.startsWith('| Round') && !l.startsWith('| ---'));
    expect(runs.length).toBe(10);
    expect(runs).toContain('| 2 | Single Pi 3 | Cached homepage (/) | 20171104-120500-thr | 700.00 | 90.000 | 120 | 0 | 0 | ⚠ pi3 throttled; pi3 clock capped |');
  });

  it('says a partial study is partial, and a cell with nothing usable shows –', () => {
    const partial: StudyResult = {
      ...SEED_STUDY,
      partial: true,
      stoppedBy: 'SIGINT',
      roundsCompleted: 1,
      settings: { ...SEED_STUDY.settings, rounds: 3 },
      cells: SEED_STUDY.cells.map((c) => (c.column === 'cluster' && c.endpoint === 'cached' ? { ...c, used: 0, meanTimePerRequestMs: null, p95Ms: null, requestsPerSecond: null } : c)),
      cluster: { ...SEED_STUDY.cluster, haproxyVersion: undefined, servers: [], serversReason: 'head: connection refused' },
    };
    const text = renderStudyReport(partial, FILES);
    expect(text).toContain('**Partial:** stopped by SIGINT after 1 of 3 rounds; the tables hold the rounds that completed.');
    expect(text).toContain('| Requests Per Second (mean) | - | 443.57 | 1593.10 |');
    expect(text).toContain('HAProxy (version not read).');
    expect(text).toContain("HAProxy's servers and weights: not read (head: connection refused).");
  });

  it('names a round whose run failed, and its reason, under its table', () => {
    const failed: StudyResult = {
      ...SEED_STUDY,
      cells: SEED_STUDY.cells.map((c) => (c.column === 'app:pi3' ? { ...c, failures: [{ round: 2, reason: 'http://pi3:9000/api/work did not answer: connect ECONNREFUSED' }] } : c)),
    };
    expect(section(renderStudyReport(failed, FILES), 'Uncached work (/api/work)')).toContain(
      'Runs in the medians — Single Pi 3 (No Nginx): 1 of 2 runs, round 2 failed: http://pi3:9000/api/work did not answer: connect ECONNREFUSED.',
    );
  });

  it('keeps names from the profile as text, never markup', () => {
    const evil: StudyResult = {
      ...SEED_STUDY,
      columns: SEED_STUDY.columns.map((c) => (c.id === 'nginx:pi3' ? { ...c, heading: 'Single <b>Pi</b> | *3* [x](y)' } : c)),
      cluster: { ...SEED_STUDY.cluster, models: [{ node: 'pi3', model: '<img src=x onerror=alert(1)>' }] },
    };
    const text = renderStudyReport(evil, FILES);
    expect(text).not.toContain('<b>');
    expect(text).not.toContain('<img');
    expect(text).toContain('| Metric | Cluster | Single Pi Zero | Single &lt;b&gt;Pi&lt;/b&gt; \\| \\*3\\* \\[x\\](y) |');
    // The table keeps its four columns: the bar in the heading is escaped.
    const header = text.split('\n').find((l) => l.startsWith('| Metric | Cluster | Single Pi Zero |'))!;
    expect(header.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it.each([
    ['plain', 'plain'],
    ['a|b', 'a\\|b'],
    ['*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
    ['<script>', '&lt;script&gt;'],
    ['AT&T', 'AT&amp;T'],
    ['two\nlines', 'two lines'],
    ['back\\slash', 'back\\\\slash'],
  ])('mdText %j', (raw, escaped) => expect(mdText(raw)).toBe(escaped));
});

describe('the study\'s charts', () => {
  it('requests per second: one panel per endpoint, a bar per column that ran, in the columns\' order', () => {
    const { requestsPerSecond } = studyCharts(SEED_STUDY);
    expect(requestsPerSecond.panels.map((p) => p.title)).toEqual(['Cached homepage (/)', 'Uncached work (/api/work)']);
    expect(requestsPerSecond.panels[0]!.groups).toEqual([
      { label: 'Cluster', values: [844.5] },
      { label: 'Single Pi Zero', values: [443.57] },
      { label: 'Single Pi 3', values: [1593.1] },
    ]);
    expect(requestsPerSecond.panels[1]!.groups.map((g) => g.label)).toEqual(SEED_STUDY.columns.map((c) => c.heading));
    expect(requestsPerSecond.unit).toBe('req/s');
  });

  it('latency: the median, mean, 95 % and 99 % where the runs kept them', () => {
    const study: StudyResult = { ...SEED_STUDY, cells: SEED_STUDY.cells.map((c) => ({ ...c, p50Ms: 40, p99Ms: c.p95Ms === null ? null : c.p95Ms * 2 })) };
    const { latency } = studyCharts(study);
    expect(latency.series).toEqual(['50 %', 'mean', '95 %', '99 %']);
    expect(latency.title).toBe('Latency by target: median, mean, 95 % and 99 %');
    expect(latency.panels[1]!.groups.at(0)).toEqual({ label: 'Cluster', values: [40, 1058.234, 5476, 10952] });
    expect(renderStudyReport(study, FILES)).toContain('![Latency by target: median, mean, 95 % and 99 %](study-latency.svg)');
  });

  it('latency: mean and 95 % per column for a study that kept only those (the seed\'s), a cell with nothing usable as gaps', () => {
    const study: StudyResult = { ...SEED_STUDY, cells: SEED_STUDY.cells.map((c) => (c.column === 'app:pi3' ? { ...c, meanTimePerRequestMs: null, p95Ms: null } : c)) };
    const { latency } = studyCharts(study);
    expect(latency.series).toEqual(['mean', '95 %']);
    expect(latency.unit).toBe('ms');
    expect(latency.panels[1]!.groups.at(0)).toEqual({ label: 'Cluster', values: [1058.234, 5476] });
    expect(latency.panels[1]!.groups.at(-1)).toEqual({ label: 'Single Pi 3 (No Nginx)', values: [null, null] });
    expect(latency.subtitle).toBe('1 round of 12 s per cell · 100 connections, keep-alive · ab · profile pi-cluster · 2017-11-04');
  });
});
