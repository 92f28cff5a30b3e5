import { renderKindLines } from './kind-summary.js';
import { bottleneckLine } from './bottleneck.js';
import { flagLines, flagNames, isFlagged } from './record-flags.js';
import type { RunLimit } from './run-plan.js';
import type { LoadTestResult } from './load-test-result.js';
import type { RunRecord } from './run-record.js';
import { samplingLine } from './sampling-line.js';

/** Plain-text views of runs for the CLI (and anything else that prints them). */

const ms = (n: number | null): string => (n === null ? '-' : `${Number.isInteger(n) || n >= 10 ? n.toFixed(0) : n.toFixed(2)} ms`);

function kib(bytesPerSecond: number): string {
  return bytesPerSecond >= 1024 * 1024 ? `${(bytesPerSecond / 1024 / 1024).toFixed(2)} MiB/s` : `${(bytesPerSecond / 1024).toFixed(1)} KiB/s`;
}

export function limitText(limit: RunLimit): string {
  return limit.kind === 'requests' ? `${limit.requests} requests` : `${limit.seconds} s`;
}

/** ", 2 threads" where the built-in engine's thread count is known; else nothing. */
export function threadsText(threads: number | undefined): string {
  return threads === undefined ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`;
}

/** ", fixed rate 500/s" on a `--rate` run; else nothing. */
export function rateText(rate: number | undefined): string {
  return rate === undefined ? '' : `, fixed rate ${rate}/s`;
}

/** The percentiles the result has, p90 and p99.9 where the engine gave them. */
function latencyText(l: LoadTestResult['latency']): string {
  const parts: [string, number | null | undefined][] = [['p50', l.p50Ms], ['p90', l.p90Ms], ['p95', l.p95Ms], ['p99', l.p99Ms], ['p99.9', l.p999Ms], ['max', l.maxMs]];
  return parts.filter(([name, v]) => v !== undefined || name === 'p95').map(([name, v]) => `${name} ${ms(v ?? null)}`).join('  ');
}

/** A fixed-rate run: the rate asked, the rate achieved, and the requests the schedule called for but never sent. */
export function fixedRateLine(r: LoadTestResult): string | undefined {
  const f = r.fixedRate;
  if (f === undefined) return undefined;
  const short = f.scheduled - f.sent;
  const behind = short > 0 ? ` (${short} never sent: the connections could not keep up)` : '';
  return `  Fixed rate     ${f.targetPerSecond}/s asked, ${r.requestsPerSecond.toFixed(2)}/s achieved; ${f.sent} of ${f.scheduled} scheduled requests sent${behind}`;
}

/** "⚠ flagged: pi3: throttled now (…) at 0–12 s, clock 600 of 1200 MHz at 0–12 s — …". */
export function throttleWarning(record: RunRecord): string | undefined {
  if (!isFlagged(record)) return undefined;
  return `⚠ flagged: ${flagLines(record).join('; ')} — these figures understate the hardware`;
}

/**
 * Answers that were not a success: the engine's failed requests and non-2xx responses, and which
 * servers HAProxy counted 5xx from. The req/s figure includes them, so a comparison needs to know.
 */
export function errorWarning(record: RunRecord): string | undefined {
  const r = record.result;
  // Records from the history file are checked loosely: an old one may lack a count.
  const failed = r.failed ?? 0;
  const non2xx = r.non2xx ?? 0;
  const parts: string[] = [];
  if (failed > 0) parts.push(`${failed} request${failed === 1 ? '' : 's'} failed`);
  if (non2xx > 0) parts.push(`${non2xx} of ${r.completed} responses were not 2xx (${((non2xx / Math.max(1, r.completed)) * 100).toFixed(1)} %)`);
  if (parts.length === 0) return undefined;
  const from = (record.shares?.servers ?? []).filter((s) => (s.http5xx ?? 0) > 0).map((s) => `${s.server} ${s.http5xx}`);
  return `⚠ ${parts.join(' and ')}${from.length > 0 ? `; 5xx from ${from.join(', ')}` : ''} — the req/s above counts them`;
}

/** The summary's width: a server share line longer than this becomes a table. */
const SUMMARY_WIDTH = 100;
const LABEL = '  Servers        ';

/**
 * Many servers' shares as a table, busiest first, as many cells a row as fit SUMMARY_WIDTH:
 * `node30  14.7 %  1470` — name, share, requests (and 5xx when there were any).
 */
export function shareTableLines(servers: readonly { server: string; share: number; requests: number; http5xx?: number }[], note = ''): string[] {
  const sorted = [...servers].sort((a, b) => b.share - a.share || a.server.localeCompare(b.server, undefined, { numeric: true }));
  const nameWidth = Math.max(...sorted.map((x) => x.server.length));
  const requestsWidth = Math.max(...sorted.map((x) => String(x.requests).length));
  const cells = sorted.map((x) => `${x.server.padEnd(nameWidth)} ${`${(x.share * 100).toFixed(1)} %`.padStart(7)} ${String(x.requests).padStart(requestsWidth)}${(x.http5xx ?? 0) > 0 ? ` ${x.http5xx} 5xx` : ''}`);
  const cellWidth = Math.max(...cells.map((c) => c.length)) + 3;
  const perRow = Math.max(1, Math.floor((SUMMARY_WIDTH - LABEL.length + 3) / cellWidth));
  const lines = [`${LABEL}${servers.length} servers, busiest first: share of requests, requests${note}`];
  for (let i = 0; i < cells.length; i += perRow) {
    lines.push(`${' '.repeat(LABEL.length)}${cells.slice(i, i + perRow).map((c) => c.padEnd(cellWidth)).join('').trimEnd()}`);
  }
  return lines;
}

/** `saved`: false when the record could not be written (then no "Saved as" line; the caller says why). */
export function renderRunSummary(record: RunRecord, saved = true): string {
  const { result: r, plan } = record;
  const lines = [
    `${plan.preset ?? 'url'} → ${plan.url}  (${r.engine}${plan.from !== undefined ? ` from ${plan.from}` : ''}${threadsText(r.threads)}, -c ${plan.concurrency}, ${limitText(plan.limit)}${rateText(plan.rate)}${plan.keepAlive ? ', keep-alive' : ''}${plan.insecure === true ? ', certificate not checked' : ''})`,
    `  Requests/s     ${r.requestsPerSecond.toFixed(2)}`,
    `  Mean time      ${r.meanTimePerRequestMs.toFixed(3)} ms per request`,
    `  Latency        ${latencyText(r.latency)}${r.fixedRate !== undefined ? '  (from when each request was due)' : ''}`,
    ...[fixedRateLine(r)].filter((line) => line !== undefined),
    `  Completed      ${r.completed}  failed ${r.failed}  non-2xx ${r.non2xx}${r.lengthVaried ? `  (ab "Length" ${r.lengthVaried}: page sizes varied, not failures)` : ''}`,
    `  Transfer       ${kib(r.transferBytesPerSecond)}`,
    `  Duration       ${r.durationSeconds.toFixed(2)} s`,
    ...(r.kinds !== undefined ? renderKindLines(r.kinds) : []),
  ];
  if (record.shares !== undefined) {
    const s = record.shares;
    const parts = s.servers.map((x) => `${x.server} ${(x.share * 100).toFixed(1)} % (${x.requests}${(x.http5xx ?? 0) > 0 ? `, ${x.http5xx} 5xx` : ''})`);
    const reset = s.reset.length > 0 ? `  (counters reset: ${s.reset.join(', ')})` : '';
    if (s.total === 0) lines.push('  Servers        no requests went through HAProxy');
    else if (`  Servers        ${parts.join('  ')}`.length <= SUMMARY_WIDTH) lines.push(`  Servers        ${parts.join('  ')}${reset}`);
    else lines.push(...shareTableLines(s.servers, reset));
  } else if (record.sharesReason !== undefined) {
    lines.push(`  Servers        unknown: ${record.sharesReason}`);
  }
  if (record.cluster !== undefined) {
    const c = record.cluster;
    const weights = c.servers.map((x) => `${x.server} ${x.weight}`).join(', ');
    const out = c.servers.filter((x) => x.out).map((x) => `${x.server} ${x.status}`);
    lines.push(`  Cluster        HAProxy ${c.haproxyVersion ?? '?'}; weights ${weights}${out.length > 0 ? `; out: ${out.join(', ')}` : ''}`);
  } else if (record.clusterReason !== undefined) {
    lines.push(`  Cluster        unknown: ${record.clusterReason}`);
  }
  const sampled = samplingLine(record);
  if (sampled !== undefined) lines.push(`  Sampled        ${sampled}`);
  if (record.bottleneck !== undefined) lines.push(bottleneckLine(record.bottleneck));
  for (const warning of [errorWarning(record), throttleWarning(record)]) if (warning !== undefined) lines.push(warning);
  if (saved) lines.push(`Saved as ${record.id}`);
  return `${lines.join('\n')}\n`;
}

/** One run's cells in `picon bench history`. */
export function historyRow(r: RunRecord): string[] {
  return [
    r.id,
    r.startedAt.slice(0, 19).replace('T', ' '),
    r.plan.preset ?? 'url',
    r.label,
    r.result.engine,
    `-c ${r.plan.concurrency}${r.plan.rate !== undefined ? ` at ${r.plan.rate}/s` : ''}`,
    `${r.result.requestsPerSecond.toFixed(2)} req/s`,
    `p95 ${ms(r.result.latency.p95Ms)}`,
    `${r.result.failed} failed`,
    isFlagged(r) ? `⚠ flagged (${flagNames(r).join(', ')})` : '',
  ];
}

/** Rows from historyRow, aligned; a long history is turned into rows as it is read, never kept whole. */
export function renderHistoryRows(grid: readonly (readonly string[])[]): string {
  if (grid.length === 0) return 'No runs yet. Run `picon bench PRESET`.\n';
  const widths: number[] = [];
  for (const line of grid) line.forEach((t, c) => (widths[c] = Math.max(widths[c] ?? 0, t.length)));
  return `${grid.map((line) => line.map((t, c) => t.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n')}\n`;
}

/** `picon bench history`: one line per run, newest last. */
export function renderHistory(records: readonly RunRecord[]): string {
  return renderHistoryRows(records.map(historyRow));
}
