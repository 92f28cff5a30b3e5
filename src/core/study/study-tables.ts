import type { Bottleneck } from '../loadtest/bottleneck.js';
import { scalingText } from './study-scaling.js';
import type { StudyCell, StudyColumn, StudyEndpoint, StudyResult, Spread } from './study-result.js';

/**
 * The seed's tables, one per endpoint: rows Mean Time Per Request (ms), 95% Time (ms), Requests
 * Per Second (mean); a column per target. Under each: per column its rounds and spread, the
 * bottleneck verdict and the share per server through HAProxy; then the scaling line. Human
 * (aligned), Markdown and CSV; JSON is the result itself. Pure.
 */

export const STUDY_FORMATS = ['human', 'markdown', 'csv', 'json'] as const;
export type StudyFormat = (typeof STUDY_FORMATS)[number];

interface Row {
  readonly metric: string;
  readonly value: (c: StudyCell | undefined) => string;
}

const dash = (n: number | null | undefined, f: (n: number) => string): string => (n === null || n === undefined ? '-' : f(n));
/** 173 stays 173, 0.41 stays 0.41: ab gives whole milliseconds, the built-in engine fractions. */
const wholeOrFraction = (n: number): string => (Number.isInteger(n) ? String(n) : n < 10 ? n.toFixed(2) : n.toFixed(0));

export const SEED_ROWS: readonly Row[] = [
  { metric: 'Mean Time Per Request (ms)', value: (c) => dash(c?.meanTimePerRequestMs, (n) => n.toFixed(3)) },
  { metric: '95% Time (ms)', value: (c) => dash(c?.p95Ms, wholeOrFraction) },
  { metric: 'Requests Per Second (mean)', value: (c) => dash(c?.requestsPerSecond, (n) => n.toFixed(2)) },
];

const cellOf = (r: StudyResult, e: StudyEndpoint, c: StudyColumn): StudyCell | undefined =>
  r.cells.find((x) => x.endpoint === e.id && x.column === c.id);

export function verdictText(b: Bottleneck | undefined): string {
  if (b === undefined) return 'not sampled';
  return b.node === null || b.node === '' ? b.component : `${b.component} (${b.node})`;
}

function spreadText(s: Spread | null): string {
  return s === null ? '' : ` ${s.min.toFixed(1)}–${s.max.toFixed(1)} (±${(s.percent / 2).toFixed(1)} %)`;
}

export function roundsText(c: StudyCell | undefined): string {
  if (c === undefined) return 'not run';
  const left = c.leftOut.length > 0 ? `, ${c.leftOut.length} flagged left out` : '';
  const failed = (c.failures?.length ?? 0) > 0 ? `, ${c.failures?.length} failed` : '';
  return `${c.used} of ${c.runs.length + (c.failures?.length ?? 0)} rounds${left}${failed}`;
}

export function sharesText(c: StudyCell | undefined): string {
  if (c === undefined || c.shares.length === 0) return '';
  return c.shares.map((s) => `${s.server} ${(s.share * 100).toFixed(0)} %`).join(', ');
}

/** What flagged each left-out run, once per column: "Single Pi 3 round 2: pi3 throttled". */
function flaggedLines(r: StudyResult, e: StudyEndpoint): string[] {
  return r.columns.flatMap((col) => (cellOf(r, e, col)?.runs ?? [])
    .filter((run) => run.flagged)
    .map((run) => `⚠ ${col.heading} round ${run.round}: ${run.flags.join(', ')}${r.settings.includeFlagged ? ' (in the median: --include-flagged)' : ' (left out)'}`));
}

function failureLines(r: StudyResult, e: StudyEndpoint): string[] {
  return r.columns.flatMap((col) => (cellOf(r, e, col)?.failures ?? []).map((f) => `✗ ${col.heading} round ${f.round}: ${f.reason}`));
}

export function tableTitle(r: StudyResult, e: StudyEndpoint): string {
  const s = r.settings;
  const partial = r.partial ? `; partial: ${r.roundsCompleted} of ${s.rounds} rounds (stopped by ${r.stoppedBy ?? 'a signal'})` : '';
  return `${e.title}: median of ${s.rounds} rounds × ${s.secondsPerCell} s, -c ${s.concurrency}, ${s.engine}${partial}`;
}

function aligned(grid: readonly (readonly string[])[], leftColumns = 1): string[] {
  const widths = grid[0]?.map((_, c) => Math.max(...grid.map((line) => [...(line[c] ?? '')].length))) ?? [];
  return grid.map((line) => line.map((text, c) => {
    const space = ' '.repeat((widths[c] ?? 0) - [...text].length);
    return c < leftColumns ? text + space : space + text;
  }).join('  ').trimEnd());
}

const detailRow = (r: StudyResult, e: StudyEndpoint, col: StudyColumn): string[] => {
  const c = cellOf(r, e, col);
  return [col.heading, `${roundsText(c)};${spreadText(c?.spread.requestsPerSecond ?? null)} req/s`.replace(/;$/, ''), verdictText(c?.bottleneck), sharesText(c) || (col.viaHaproxy ? 'not read' : '-')];
};

function humanEndpoint(r: StudyResult, e: StudyEndpoint): string[] {
  const grid = [['Metric', ...r.columns.map((c) => c.heading)], ...SEED_ROWS.map((row) => [row.metric, ...r.columns.map((c) => row.value(cellOf(r, e, c)))])];
  const details = aligned([['', 'Rounds; req/s spread', 'Bottleneck', 'Share per server through HAProxy'], ...r.columns.map((col) => detailRow(r, e, col))], 4).map((l) => `  ${l}`.trimEnd());
  const scaling = r.scaling.find((s) => s.endpoint === e.id);
  return [
    tableTitle(r, e),
    ...aligned(grid),
    '',
    ...details,
    ...flaggedLines(r, e),
    ...failureLines(r, e),
    ...(scaling === undefined ? [] : [scalingText(scaling, r.columns)]),
  ];
}

const mdCell = (t: string): string => t.replaceAll('|', '\\|');

function markdownEndpoint(r: StudyResult, e: StudyEndpoint): string[] {
  const scaling = r.scaling.find((s) => s.endpoint === e.id);
  const notes = [...flaggedLines(r, e), ...failureLines(r, e)];
  return [
    `### ${e.title}`,
    '',
    tableTitle(r, e).slice(e.title.length + 2).replace(/^./, (ch) => ch.toUpperCase()) + '.',
    '',
    `| Metric | ${r.columns.map((c) => mdCell(c.heading)).join(' | ')} |`,
    `| --- |${r.columns.map(() => ' ---: |').join('')}`,
    ...SEED_ROWS.map((row) => `| ${row.metric} | ${r.columns.map((c) => row.value(cellOf(r, e, c))).join(' | ')} |`),
    '',
    '| Column | Rounds; req/s spread | Bottleneck | Share per server through HAProxy |',
    '| --- | --- | --- | --- |',
    ...r.columns.map((col) => `| ${detailRow(r, e, col).map(mdCell).join(' | ')} |`),
    ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${mdCell(n)}`)] : []),
    ...(scaling === undefined ? [] : ['', scalingText(scaling, r.columns)]),
  ];
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV table for every endpoint: Endpoint, Metric, then a column per target. */
function csvRows(r: StudyResult): string[][] {
  const head = ['Endpoint', 'Metric', ...r.columns.map((c) => c.heading)];
  const rows = r.endpoints.flatMap((e) => {
    const cells = r.columns.map((c) => cellOf(r, e, c));
    const scaling = r.scaling.find((s) => s.endpoint === e.id);
    return [
      ...SEED_ROWS.map((row) => [e.id, row.metric, ...cells.map((c) => row.value(c))]),
      [e.id, 'Rounds used', ...cells.map((c) => (c === undefined ? '-' : String(c.used)))],
      [e.id, 'Requests Per Second spread (%)', ...cells.map((c) => dash(c?.spread.requestsPerSecond?.percent, (n) => n.toFixed(1)))],
      [e.id, 'Bottleneck', ...cells.map((c) => verdictText(c?.bottleneck))],
      [e.id, 'Share per server', ...cells.map((c) => sharesText(c))],
      [e.id, 'Scaling efficiency', scaling?.comparable === true ? scaling.efficiency.toFixed(2) : 'none'],
    ];
  });
  return [head, ...rows];
}

/** "Study … of lab: HAProxy 2.6.12; weights web/p1 1, …; workers p1 Pi Zero, …; flags: none". */
export function clusterLine(r: StudyResult): string {
  const c = r.cluster;
  const haproxy = c.haproxyVersion === undefined ? 'HAProxy version not read' : `HAProxy ${c.haproxyVersion}`;
  const weights = c.servers.length === 0 ? `weights not read${c.serversReason === undefined ? '' : ` (${c.serversReason})`}` : `weights ${c.servers.map((s) => `${s.server} ${s.weight}${s.status === 'UP' ? '' : ` ${s.status}`}`).join(', ')}`;
  const models = `workers ${c.models.map((m) => (m.model === undefined ? m.node : `${m.node} ${m.model}`)).join(', ')}`;
  const flags = c.flags.length === 0 ? 'no run flagged' : `flags: ${c.flags.join(', ')}`;
  return `Study ${r.id} of ${r.profile} at ${r.startedAt.slice(0, 19).replace('T', ' ')} UTC: ${haproxy}; ${weights}; ${models}; ${flags}`;
}

export function renderStudy(r: StudyResult, format: Exclude<StudyFormat, 'json'>): string {
  if (format === 'csv') return `${csvRows(r).map((l) => l.map(csvField).join(',')).join('\n')}\n`;
  const parts = r.endpoints.map((e) => (format === 'markdown' ? markdownEndpoint(r, e) : humanEndpoint(r, e)).join('\n'));
  return `${[clusterLine(r), ...parts].join('\n\n')}\n`;
}
