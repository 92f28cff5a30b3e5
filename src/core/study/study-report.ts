import type { StudyCell, StudyColumn, StudyEndpoint, StudyResult, StudyScaling } from './study-result.js';
import { studyCharts, studySubtitle } from './study-charts.js';
import { scalingText } from './study-scaling.js';
import { SEED_ROWS } from './study-tables.js';
import { mdHeader, mdRow, mdText } from './markdown-text.js';

/**
 * report.md: a study a person can publish — per endpoint the seed's table (Mean Time Per Request,
 * 95% Time, Requests Per Second; one column per target, headed as the seed's), the spread of the
 * rounds, the per-server share through HAProxy, each column's bottleneck and the scaling line;
 * the charts; the cluster's state (HAProxy version, weights, models); every flag; every run.
 */

export interface ReportFiles {
  /** The charts' file names beside report.md. */
  readonly requestsPerSecondSvg: string;
  readonly latencySvg: string;
}

const dash = '-';
/** 173 stays 173, 0.41 stays 0.41: ab prints whole milliseconds, the built-in engine fractions. */
const wholeOrFraction = (v: number | null): string => (v === null ? dash : Number.isInteger(v) ? String(v) : v < 10 ? v.toFixed(2) : v.toFixed(0));
const percent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;

function cellsOf(result: StudyResult, endpoint: StudyEndpoint): { column: StudyColumn; cell: StudyCell }[] {
  return result.columns.flatMap((column) => {
    const cell = result.cells.find((c) => c.endpoint === endpoint.id && c.column === column.id);
    return cell === undefined ? [] : [{ column, cell }];
  });
}

/** The seed's table: its rows and number formats are the study command's own (SEED_ROWS). */
function seedTable(pairs: readonly { column: StudyColumn; cell: StudyCell }[]): string[] {
  return [
    ...mdHeader(['Metric', ...pairs.map((p) => mdText(p.column.heading))]),
    ...SEED_ROWS.map((row) => mdRow([row.metric, ...pairs.map((p) => row.value(p.cell))])),
  ];
}

function spreadLine(pairs: readonly { column: StudyColumn; cell: StudyCell }[]): string | undefined {
  const parts = pairs.flatMap(({ column, cell }) => {
    const s = cell.spread.requestsPerSecond;
    if (s === null || cell.used < 2) return [];
    return [`${mdText(column.heading)} ${s.min.toFixed(2)}–${s.max.toFixed(2)} (${s.percent.toFixed(1)} %)`];
  });
  return parts.length === 0 ? undefined : `Rounds' req/s, lowest–highest (range ÷ median): ${parts.join('; ')}.`;
}

function usedLine(pairs: readonly { column: StudyColumn; cell: StudyCell }[]): string | undefined {
  const parts = pairs.flatMap(({ column, cell }) => {
    const failed = cell.failures ?? [];
    if (cell.leftOut.length === 0 && cell.used === cell.runs.length && failed.length === 0) return [];
    const out = cell.leftOut.length === 0 ? '' : `, left out (flagged): ${cell.leftOut.map(mdText).join(', ')}`;
    const failures = failed.map((f) => `, round ${f.round} failed: ${mdText(f.reason)}`).join('');
    return [`${mdText(column.heading)}: ${cell.used} of ${cell.runs.length + failed.length} runs${out}${failures}`];
  });
  return parts.length === 0 ? undefined : `Runs in the medians — ${parts.join('; ')}.`;
}

function shareLines(pairs: readonly { column: StudyColumn; cell: StudyCell }[]): string[] {
  return pairs
    .filter((p) => p.column.viaHaproxy && p.cell.shares.length > 0)
    .map(({ column, cell }) => `- ${mdText(column.heading)}: ${cell.shares.map((s) => `${mdText(s.server)} ${percent(s.share)}`).join(', ')}`);
}

function bottleneckLines(pairs: readonly { column: StudyColumn; cell: StudyCell }[]): string[] {
  return pairs.map(({ column, cell }) => `- ${mdText(column.heading)}: ${cell.bottleneck === undefined ? 'not judged (no samples)' : mdText(cell.bottleneck.evidence)}`);
}

function scalingLine(scaling: StudyScaling | undefined, result: StudyResult): string {
  return scaling === undefined ? 'Scaling efficiency: none (no such endpoint).' : `${mdText(scalingText(scaling, result.columns))}.`;
}

function endpointSection(result: StudyResult, endpoint: StudyEndpoint): string[] {
  const pairs = cellsOf(result, endpoint);
  const lines = [`## ${mdText(endpoint.title)}`, '', ...seedTable(pairs), ''];
  const notes = [spreadLine(pairs), usedLine(pairs)].filter((l): l is string => l !== undefined);
  if (notes.length > 0) lines.push(...notes.flatMap((n) => [n, '']));
  const shares = shareLines(pairs);
  if (shares.length > 0) lines.push('Share of each server through HAProxy:', '', ...shares, '');
  lines.push('Bottleneck:', '', ...bottleneckLines(pairs), '');
  lines.push(scalingLine(result.scaling.find((s) => s.endpoint === endpoint.id), result), '');
  return lines;
}

function clusterSection(result: StudyResult): string[] {
  const c = result.cluster;
  const lines = ['## The cluster', '', `HAProxy ${c.haproxyVersion === undefined ? '(version not read)' : mdText(c.haproxyVersion)}.`, ''];
  if (c.servers.length > 0) lines.push(...mdHeader(['Server', 'Weight', 'Status'], 'lrl'), ...c.servers.map((s) => mdRow([mdText(s.server), String(s.weight), mdText(s.status)])), '');
  else lines.push(`HAProxy's servers and weights: not read${c.serversReason === undefined ? '' : ` (${mdText(c.serversReason)})`}.`, '');
  if (c.models.length > 0) lines.push(...mdHeader(['Worker', 'Model'], 'll'), ...c.models.map((m) => mdRow([mdText(m.node), m.model === undefined ? dash : mdText(m.model)])), '');
  lines.push('Columns:', '', ...result.columns.map((col) => `- ${mdText(col.heading)}: ${mdText(col.baseUrl)}${col.node === undefined ? '' : ` (${mdText(col.node)})`}${col.tls ? ', https' : ''}`), '');
  return lines;
}

function flagsSection(result: StudyResult): string[] {
  const flagged = result.cells.flatMap((cell) => cell.runs.filter((r) => r.flagged).map((r) => ({ cell, run: r })));
  if (result.cluster.flags.length === 0 && flagged.length === 0) return ['## Flags', '', 'None: no run was throttled, held below its clock or answered with 5xx.', ''];
  const heading = (id: string): string => mdText(result.columns.find((c) => c.id === id)?.heading ?? id);
  const endpoint = (id: string): string => mdText(result.endpoints.find((e) => e.id === id)?.title ?? id);
  return [
    '## Flags',
    '',
    ...(result.cluster.flags.length === 0 ? [] : ['Seen during the study:', '', ...result.cluster.flags.map((f) => `- ${mdText(f)}`), '']),
    'Flagged runs:',
    '',
    ...flagged.map(({ cell, run }) => `- round ${run.round}, ${heading(cell.column)}, ${endpoint(cell.endpoint)} (run ${mdText(run.runId)}): ${run.flags.map(mdText).join('; ')}`),
    '',
    result.settings.includeFlagged ? 'Flagged runs are in the medians (asked for).' : 'Flagged runs are left out of the medians.',
    '',
  ];
}

function runsSection(result: StudyResult): string[] {
  const rows = result.endpoints.flatMap((e) =>
    cellsOf(result, e).flatMap(({ column, cell }) =>
      cell.runs.map((r) =>
        mdRow([String(r.round), mdText(column.heading), mdText(e.title), mdText(r.runId), r.requestsPerSecond.toFixed(2), r.meanTimePerRequestMs.toFixed(3), wholeOrFraction(r.p95Ms), String(r.failed), String(r.non2xx), r.flagged ? `⚠ ${r.flags.map(mdText).join('; ')}` : '']),
      ),
    ),
  );
  return ['## Every run', '', ...mdHeader(['Round', 'Target', 'Endpoint', 'Run', 'req/s', 'Mean (ms)', '95% (ms)', 'Failed', 'Non-2xx', 'Flag'], 'rlllrrrrrl'), ...rows, ''];
}

export function renderStudyReport(result: StudyResult, files: ReportFiles): string {
  const lines = [`# Study ${mdText(result.id)}`, '', `${mdText(studySubtitle(result))}.`, `Started ${mdText(result.startedAt)}, finished ${mdText(result.finishedAt)}.`, ''];
  if (result.partial) lines.push(`**Partial:** stopped${result.stoppedBy === undefined ? '' : ` by ${mdText(result.stoppedBy)}`} after ${result.roundsCompleted} of ${result.settings.rounds} rounds; the tables hold the rounds that completed.`, '');
  for (const endpoint of result.endpoints) lines.push(...endpointSection(result, endpoint));
  lines.push('## Charts', '', `![Requests per second by target](${files.requestsPerSecondSvg})`, '', `![${studyCharts(result).latency.title}](${files.latencySvg})`, '');
  lines.push(...clusterSection(result), ...flagsSection(result), ...runsSection(result));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
