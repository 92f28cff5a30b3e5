import { excerpt } from '../health/parsed.js';
import { failure, type Result, success } from '../result.js';
import type { LoadTestResult } from './load-test-result.js';

/**
 * ApacheBench 2.3's report (its stdout). Lines are "Label: value"; the label is matched, never
 * the position, and the spacing may be collapsed (as in a pasted report). ab's progress lines
 * ("Completed 1000 requests") may be mixed in and are ignored.
 */

export interface AbFailures {
  readonly connect: number;
  readonly receive: number;
  /** Responses whose length differed from the first one: on a dynamic page, not a failure. */
  readonly length: number;
  readonly exceptions: number;
}

export interface AbReport {
  readonly serverSoftware?: string;
  readonly hostname?: string;
  readonly port?: number;
  readonly documentPath?: string;
  /** Undefined when ab printed "Variable" (-l). */
  readonly documentLengthBytes?: number;
  readonly concurrency: number;
  readonly timeTakenSeconds: number;
  readonly completeRequests: number;
  /** As ab counts it, Length included. */
  readonly failedRequests: number;
  readonly failures: AbFailures;
  readonly non2xx: number;
  readonly keepAliveRequests?: number;
  readonly totalTransferredBytes?: number;
  readonly requestsPerSecond: number;
  readonly meanTimePerRequestMs: number;
  readonly meanTimeAcrossRequestsMs?: number;
  readonly transferKbytesPerSecond?: number;
  /** The "Total:" row of Connection Times, ms. */
  readonly total?: { readonly min: number; readonly mean: number; readonly median: number; readonly max: number };
  /** "Percentage of the requests served within a certain time": percent → ms. */
  readonly percentiles: ReadonlyMap<number, number>;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

function num(text: string | undefined): number | undefined {
  const token = text?.trim().split(/\s+/)[0];
  return token !== undefined && NUMBER.test(token) ? Number(token) : undefined;
}

export function parseAbReport(text: string): Result<AbReport> {
  if (text.trim() === '') return failure('ab printed no report');
  const fields = new Map<string, string[]>();
  const percentiles = new Map<number, number>();
  let failures: AbFailures = { connect: 0, receive: 0, length: 0, exceptions: 0 };
  let sawBreakdown = false;
  let total: AbReport['total'];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const pct = /^(\d{1,3})%\s+(\d+)(?:\s+\(longest request\))?$/.exec(line);
    if (pct !== null) {
      percentiles.set(Number(pct[1]), Number(pct[2]));
      continue;
    }
    const breakdown = /^\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)$/.exec(line);
    if (breakdown !== null) {
      const [, connect, receive, length, exceptions] = breakdown.map(Number);
      sawBreakdown = true;
      failures = { connect: connect ?? 0, receive: receive ?? 0, length: length ?? 0, exceptions: exceptions ?? 0 };
      continue;
    }
    const totalRow = /^Total:\s+(\d+)\s+(\d+)\s+[\d.]+\s+(\d+)\s+(\d+)$/.exec(line);
    if (totalRow !== null) {
      const [, min, mean, median, max] = totalRow.map(Number);
      total = { min: min ?? 0, mean: mean ?? 0, median: median ?? 0, max: max ?? 0 };
      continue;
    }
    const field = /^([A-Za-z][A-Za-z0-9 -]*?):\s*(.*)$/.exec(line);
    if (field?.[1] !== undefined) {
      const values = fields.get(field[1]) ?? [];
      values.push(field[2] ?? '');
      fields.set(field[1], values);
    }
  }
  const first = (label: string): string | undefined => fields.get(label)?.[0];
  const required = {
    concurrency: num(first('Concurrency Level')),
    timeTakenSeconds: num(first('Time taken for tests')),
    completeRequests: num(first('Complete requests')),
    failedRequests: num(first('Failed requests')),
    requestsPerSecond: num(first('Requests per second')),
    meanTimePerRequestMs: num(fields.get('Time per request')?.find((v) => /\(mean\)\s*$/.test(v))),
  };
  const missing = Object.entries(required).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length === Object.keys(required).length) return failure(`not an ab report: ${excerpt(text)}`);
  if (missing.length > 0) return failure(`truncated ab report: no ${missing.join(', ')}`);
  const r = required as { [K in keyof typeof required]: number };
  if (r.failedRequests > 0 && !sawBreakdown) return failure('truncated ab report: failed requests without their breakdown');
  const optional = <T>(key: string, value: T | undefined): Record<string, T> => (value === undefined ? {} : { [key]: value });
  const docLength = first('Document Length');
  const across = fields.get('Time per request')?.find((v) => /across all concurrent requests/.test(v));
  return success({
    ...optional('serverSoftware', first('Server Software')),
    ...optional('hostname', first('Server Hostname')),
    ...optional('port', num(first('Server Port'))),
    ...optional('documentPath', first('Document Path')),
    ...optional('documentLengthBytes', docLength !== undefined && /bytes/.test(docLength) ? num(docLength) : undefined),
    ...r,
    failures,
    non2xx: num(first('Non-2xx responses')) ?? 0,
    ...optional('keepAliveRequests', num(first('Keep-Alive requests'))),
    ...optional('totalTransferredBytes', num(first('Total transferred'))),
    ...optional('meanTimeAcrossRequestsMs', num(across)),
    ...optional('transferKbytesPerSecond', num(first('Transfer rate'))),
    ...optional('total', total),
    percentiles,
  } as AbReport);
}

export interface ResultContext {
  readonly target: string;
  readonly preset?: string;
}

export function abReportToResult(report: AbReport, ctx: ResultContext): LoadTestResult {
  const pct = (p: number): number | null => report.percentiles.get(p) ?? null;
  const { connect, receive, exceptions, length } = report.failures;
  return {
    engine: 'ab',
    target: ctx.target,
    ...(ctx.preset !== undefined && { preset: ctx.preset }),
    concurrency: report.concurrency,
    requestsPerSecond: report.requestsPerSecond,
    meanTimePerRequestMs: report.meanTimePerRequestMs,
    latency: { p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: pct(100) ?? report.total?.max ?? null },
    // ab retries a refused connect without counting it complete; receive errors it does count.
    completed: Math.max(0, report.completeRequests - receive - exceptions),
    failed: connect + receive + exceptions,
    non2xx: report.non2xx,
    lengthVaried: length,
    transferBytesPerSecond: Math.round((report.transferKbytesPerSecond ?? 0) * 1024),
    durationSeconds: report.timeTakenSeconds,
  };
}
