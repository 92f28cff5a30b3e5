import { flagLines, isFlagged, leftOutLine } from './record-flags.js';
import type { RunRecord } from './run-record.js';
import { SCHEMA_VERSION } from '../json-output/schema-version.js';

/**
 * The seed's side-by-side tables: one column per run, rows mean time, 95 % time, req/s (and
 * failed), plus the scaling efficiency when one cluster run is compared with single-node runs.
 */

export type CompareFormat = 'human' | 'md' | 'csv' | 'json';

export const COMPARE_FORMATS: readonly CompareFormat[] = ['human', 'md', 'csv', 'json'];

export interface ScalingEfficiency {
  readonly clusterRps: number;
  readonly singleRps: readonly { readonly id: string; readonly label: string; readonly rps: number }[];
  /** cluster req/s ÷ sum of single-node req/s. */
  readonly efficiency: number;
}

interface Row {
  readonly metric: string;
  readonly values: readonly (number | null)[];
  readonly format: (n: number) => string;
}

const fixed = (digits: number) => (n: number): string => n.toFixed(digits);
/** 173 stays 173, 0.41 stays 0.41: ab prints whole milliseconds, the built-in engine fractions. */
const wholeOrFraction = (n: number): string => (Number.isInteger(n) ? String(n) : n < 10 ? n.toFixed(2) : n.toFixed(0));

function rows(records: readonly RunRecord[]): Row[] {
  return [
    { metric: 'Mean Time Per Request (ms)', values: records.map((r) => r.result.meanTimePerRequestMs), format: fixed(3) },
    { metric: '95% Time (ms)', values: records.map((r) => r.result.latency.p95Ms), format: wholeOrFraction },
    { metric: 'Requests Per Second (mean)', values: records.map((r) => r.result.requestsPerSecond), format: fixed(2) },
    { metric: 'Failed Requests', values: records.map((r) => r.result.failed), format: String },
    // Only when some run had any: the seed's table has no such row.
    ...(records.some((r) => (r.result.non2xx ?? 0) > 0)
      ? [{ metric: 'Non-2xx Responses', values: records.map((r) => r.result.non2xx ?? null), format: String }]
      : []),
  ];
}

/**
 * Column headings: the run's label; where two runs share one, the preset tells them apart
 * ("Cluster · home", "Cluster · work"), and the id where that does not either.
 */
export function columnHeadings(records: readonly RunRecord[]): string[] {
  return records.map((r) => {
    const twins = records.filter((o) => o.label === r.label);
    const samePreset = twins.filter((o) => o.plan.preset === r.plan.preset).length > 1;
    const base = twins.length === 1 ? r.label : r.plan.preset === undefined || samePreset ? `${r.label} [${r.id}]` : `${r.label} · ${r.plan.preset}`;
    return isFlagged(r) ? `${base} ⚠` : base;
  });
}

/** Path and query of a run's URL, with its method: runs compare only when these match. */
function requestOf(r: RunRecord): string | undefined {
  if (r.plan.mix !== undefined) return undefined;
  const url = new URL(r.plan.url);
  return `${r.plan.method} ${url.pathname}${url.search}`;
}

/**
 * The scaling efficiency compares like with like: one cluster run through nginx (the frontend,
 * plain http) ÷ the single-node runs via nginx of the same request. An app run (no nginx), an
 * https cluster run or another path would divide different paths.
 */
export function scalingEfficiency(records: readonly RunRecord[]): ScalingEfficiency | undefined {
  const judged = scalingJudgement(records);
  return typeof judged === 'string' ? undefined : judged;
}

/** The efficiency, or why there is none; undefined when nothing in the runs asks for one (no cluster or no single-node run). */
export function scalingJudgement(records: readonly RunRecord[]): ScalingEfficiency | string | undefined {
  const cluster = records.filter((r) => r.plan.target === 'frontend');
  const singles = records.filter((r) => r.plan.target === 'nginx' || r.plan.target === 'app');
  const only = cluster[0];
  if (only === undefined || singles.length === 0) return undefined;
  if (cluster.length > 1) return `${cluster.length} cluster runs; compare one with the single-node runs`;
  const request = requestOf(only);
  if (request === undefined) return 'the cluster run is a mix of requests';
  if (new URL(only.plan.url).protocol !== 'http:') return 'the cluster run went over https, the single-node runs do not';
  const alike = singles.filter((r) => r.plan.target === 'nginx' && requestOf(r) === request);
  if (alike.length === 0) return `no single-node run via nginx of the cluster's request (${request}); a run to the app bypasses nginx`;
  const sum = alike.reduce((s, r) => s + r.result.requestsPerSecond, 0);
  if (sum === 0) return 'the single-node runs served nothing';
  return {
    clusterRps: only.result.requestsPerSecond,
    singleRps: alike.map((r) => ({ id: r.id, label: r.label, rps: r.result.requestsPerSecond })),
    efficiency: only.result.requestsPerSecond / sum,
  };
}

export function scalingLine(s: ScalingEfficiency): string {
  const parts = s.singleRps.map((x) => x.rps.toFixed(2)).join(' + ');
  return `Scaling efficiency: ${s.efficiency.toFixed(2)} (cluster ${s.clusterRps.toFixed(2)} req/s ÷ (${parts}) single-node req/s)`;
}

function warnings(records: readonly RunRecord[]): string[] {
  const throttled = records.filter(isFlagged).map((r) => `⚠ ${r.label} [${r.id}]: flagged (${flagLines(r).join('; ')})`);
  const errors = records
    .filter((r) => (r.result.non2xx ?? 0) > 0)
    .map((r) => `⚠ ${r.label} [${r.id}]: ${r.result.non2xx} of ${r.result.completed} responses were not 2xx; its req/s counts them`);
  return [...throttled, ...errors];
}

const cell = (row: Row, i: number): string => {
  const v = row.values[i];
  return v === null || v === undefined ? '-' : row.format(v);
};

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CompareOptions {
  /** Flagged runs left out of the table: said in one line (a field in JSON). */
  readonly leftOut?: readonly RunRecord[];
  /** How to show them, in that line: "--include-flagged" (the CLI), "f" (the console). */
  readonly showHow?: string;
}

export function renderComparison(records: readonly RunRecord[], format: CompareFormat, options: CompareOptions = {}): string {
  const leftOut = options.leftOut ?? [];
  const leftLine = leftOutLine(leftOut, options.showHow);
  const heads = columnHeadings(records);
  const table = rows(records);
  const judged = scalingJudgement(records);
  const scaling = typeof judged === 'string' ? undefined : judged;
  if (format === 'json') {
    const json = {
      schemaVersion: SCHEMA_VERSION,
      runs: records.map((r, i) => ({
        id: r.id,
        label: heads[i],
        preset: r.plan.preset ?? null,
        target: r.plan.target,
        engine: r.result.engine,
        meanTimePerRequestMs: r.result.meanTimePerRequestMs,
        p95Ms: r.result.latency.p95Ms,
        requestsPerSecond: r.result.requestsPerSecond,
        failed: r.result.failed,
        non2xx: r.result.non2xx ?? null,
        throttled: isFlagged(r),
        flags: r.flags ?? [],
      })),
      scalingEfficiency: scaling ?? null,
      leftOut: leftOut.map((r) => ({ id: r.id, label: r.label, flags: flagLines(r) })),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  if (format === 'csv') {
    const lines = [['Metric', ...heads], ...table.map((row) => [row.metric, ...records.map((_, i) => cell(row, i))])];
    if (scaling !== undefined) lines.push(['Scaling efficiency', scaling.efficiency.toFixed(2)]);
    return `${lines.map((l) => l.map(csvField).join(',')).join('\n')}\n`;
  }
  const scalingNote = typeof judged === 'string' ? [`Scaling efficiency: none (${judged})`] : scaling === undefined ? [] : [scalingLine(scaling)];
  const notes = [...scalingNote, ...warnings(records), ...(leftLine === undefined ? [] : [leftLine])];
  if (format === 'md') {
    const escape = (t: string): string => t.replaceAll('|', '\\|');
    const lines = [
      `| Metric | ${heads.map(escape).join(' | ')} |`,
      `| --- |${heads.map(() => ' ---: |').join('')}`,
      ...table.map((row) => `| ${row.metric} | ${records.map((_, i) => cell(row, i)).join(' | ')} |`),
    ];
    return `${[...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')}\n`;
  }
  const grid = [['Metric', ...heads], ...table.map((row) => [row.metric, ...records.map((_, i) => cell(row, i))])];
  const widths = grid[0]?.map((_, c) => Math.max(...grid.map((line) => [...(line[c] ?? '')].length))) ?? [];
  const pad = (text: string, c: number): string => {
    const space = ' '.repeat((widths[c] ?? 0) - [...text].length);
    return c === 0 ? text + space : space + text;
  };
  const out = grid.map((line) => line.map(pad).join('  ').trimEnd());
  return `${[...out, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')}\n`;
}
