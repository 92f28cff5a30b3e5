import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutBarChart } from '../../src/core/chart/bar-chart-layout.js';
import { LIGHT } from '../../src/core/chart/chart-theme.js';
import { studyCharts } from '../../src/core/study/study-charts.js';
import type { StudyResult } from '../../src/core/study/study-result.js';
import { barRuns, hexRgb, luminanceVariance, renderSvg } from '../support/chart-png.js';
import { PICON_BIN, run, startLab, type LabHandle, type RunResult } from './support/lab.js';

/**
 * The lab on 127.0.66.x: a tiny study (1 round × 1 s, three columns, both endpoints) with
 * `--report DIR`; report.md names the lab's HAProxy, weights and models, and its charts, drawn by
 * rsvg-convert, have a bar for every cell. A DIR with files is refused before anything runs.
 */

const SUBNET = '127.0.66';
const STUDY = ['study', '--rounds', '1', '--seconds', '1', '--rest', '0', '-c', '8', '--only', 'cluster,cluster-app,nginx:pi3'];
let lab: LabHandle;
let work: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  work = await mkdtemp(path.join(os.tmpdir(), 'picon-study-report-'));
});
afterAll(async () => {
  await lab?.stop();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const picon = (args: readonly string[]): Promise<RunResult> =>
  run(process.execPath, [PICON_BIN, '--profile', 'lab', ...args], { env: { ...lab.env, PICON_DATA_DIR: path.join(work, 'data') }, timeoutMs: 90_000 });

const studiesSaved = (): number => {
  const file = path.join(work, 'data', 'bench-history.jsonl');
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"kind":"study"')).length;
  } catch {
    return 0;
  }
};

/** Bars along the row above each panel's baseline of a chart drawn by rsvg-convert. */
async function barsDrawn(svg: string, chart: ReturnType<typeof studyCharts>['requestsPerSecond']): Promise<number[]> {
  const picture = await renderSvg(svg);
  const layout = layoutBarChart(chart);
  expect([picture.width, picture.height]).toEqual([layout.width, layout.height]);
  expect(luminanceVariance(picture)).toBeGreaterThan(100);
  return layout.panels.map((p) => barRuns(picture, p.plotBottom - 1, LIGHT.series.map(hexRgb), { x0: p.plotLeft, x1: p.plotRight }).length);
}

describe('picon study --report DIR on the lab', () => {
  const dir = (): string => path.join(work, 'report');
  let result: StudyResult;

  it('writes report.md and its two charts: the seed\'s tables, HAProxy\'s version, the weights and models', async () => {
    const r = await picon([...STUDY, '--json', '--report', dir()]);
    expect(r.code, r.stderr).toBe(0);
    result = JSON.parse(r.stdout) as StudyResult;
    expect(readdirSync(dir()).sort()).toEqual(['report.md', 'study-latency.svg', 'study-rps.svg']);
    const md = await readFile(path.join(dir(), 'report.md'), 'utf8');
    const version = /HAProxy version (\S+)/.exec(execFileSync('haproxy', ['-v'], { encoding: 'utf8' }))?.[1];
    expect(md).toContain(`HAProxy ${version}.`);
    for (const worker of ['p1', 'p2', 'p3', 'pi3']) expect(md).toContain(`| web/${worker} | 1 | UP |`);
    expect(md).toContain('| pi3 | Pi 3 |');
    expect(md).toContain('| p1 | Pi Zero |');
    expect(md).toContain('| Metric | Cluster | Cluster (No Nginx) | Single Pi 3 |');
    // The table's figures are the study's medians.
    const cached = result.cells.filter((c) => c.endpoint === 'cached');
    expect(md).toContain(`| Requests Per Second (mean) | ${cached.map((c) => c.requestsPerSecond?.toFixed(2)).join(' | ')} |`);
    expect(md).toContain('](study-rps.svg)');
    expect(md).toContain('](study-latency.svg)');
  });

  it('its charts render to PNGs with a bar for every cell: 3 per endpoint of req/s, 6 of latency (mean, 95 %)', async () => {
    expect(result.cells.every((c) => (c.requestsPerSecond ?? 0) > 0 && (c.meanTimePerRequestMs ?? 0) > 0 && (c.p95Ms ?? 0) > 0)).toBe(true);
    const charts = studyCharts(result);
    expect(await barsDrawn(await readFile(path.join(dir(), 'study-rps.svg'), 'utf8'), charts.requestsPerSecond)).toEqual([3, 3]);
    expect(await barsDrawn(await readFile(path.join(dir(), 'study-latency.svg'), 'utf8'), charts.latency)).toEqual([12, 12]);
  });

  it('refuses the same DIR again before anything runs (exit 2, one line naming it); a file as DIR too', async () => {
    const saved = studiesSaved();
    expect(saved).toBe(1);
    const started = Date.now();
    const again = await picon([...STUDY, '--report', dir()]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`picon: --report ${dir()}: the directory is not empty (3 files: report.md, study-latency.svg, study-rps.svg); give a new or empty directory, or --force to write the report into it\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(studiesSaved()).toBe(saved);
    const file = path.join(work, 'a-file');
    await writeFile(file, 'x');
    const notDir = await picon([...STUDY, '--report', file, '--force']);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toBe(`picon: --report ${file}: is not a directory\n`);
  });

  it('study show last --report DIR --force writes the saved study\'s report again, the same bytes', async () => {
    const before = await readFile(path.join(dir(), 'report.md'), 'utf8');
    await writeFile(path.join(dir(), 'notes.txt'), 'mine');
    const r = await picon(['study', 'show', 'last', '--report', dir(), '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Report written: ${path.join(dir(), 'report.md')} (with study-rps.svg, study-latency.svg)\n`);
    expect(await readFile(path.join(dir(), 'report.md'), 'utf8')).toBe(before);
    expect(await readFile(path.join(dir(), 'notes.txt'), 'utf8')).toBe('mine');
  });
});
