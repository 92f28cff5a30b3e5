import { excerpt } from '../health/parsed.js';
import { failure, type Result, success } from '../result.js';
import type { ResultContext } from './ab-report.js';
import type { LoadTestResult } from './load-test-result.js';

/** wrk 4's report (with or without --latency). Times carry units (us, ms, s, m, h), sizes B..GB. */

export interface WrkReport {
  readonly threads: number;
  readonly connections: number;
  readonly latencyAvgMs: number;
  readonly latencyMaxMs: number;
  /** From --latency: percent → ms. */
  readonly percentiles: ReadonlyMap<number, number>;
  readonly requests: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: number;
  readonly transferBytesPerSecond: number;
  readonly socketErrors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number };
  /** "Non-2xx or 3xx responses". */
  readonly non2xx3xx: number;
}

const TIME_UNITS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Readonly<Record<string, number>> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

function timeMs(token: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(token ?? '');
  const unit = m?.[2] === undefined ? undefined : TIME_UNITS[m[2]];
  return m === null || unit === undefined ? undefined : Number(m[1]) * unit;
}

function bytes(token: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB)$/.exec(token ?? '');
  const unit = m?.[2] === undefined ? undefined : SIZE_UNITS[m[2]];
  return m === null || unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

export function parseWrkReport(text: string): Result<WrkReport> {
  if (!/Running .* test @ /.test(text)) return failure(`not a wrk report: ${excerpt(text)}`);
  const percentiles = new Map<number, number>();
  let threads: number | undefined;
  let connections: number | undefined;
  let latency: { avg: number; max: number } | undefined;
  let totals: { requests: number; seconds: number } | undefined;
  let rps: number | undefined;
  let transfer: number | undefined;
  let socketErrors = { connect: 0, read: 0, write: 0, timeout: 0 };
  let non2xx3xx = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\d+) threads and (\d+) connections$/.exec(line)) !== null) {
      threads = Number(m[1]);
      connections = Number(m[2]);
    } else if ((m = /^Latency\s+(\S+)\s+\S+\s+(\S+)\s+\S+$/.exec(line)) !== null) {
      const avg = timeMs(m[1]);
      const max = timeMs(m[2]);
      if (avg !== undefined && max !== undefined) latency = { avg, max };
    } else if ((m = /^(\d{1,3}(?:\.\d+)?)%\s+(\S+)$/.exec(line)) !== null) {
      const ms = timeMs(m[2]);
      if (ms !== undefined) percentiles.set(Number(m[1]), ms);
    } else if ((m = /^(\d+) requests in (\S+), (\S+) read$/.exec(line)) !== null) {
      const ms = timeMs(m[2]);
      if (ms !== undefined) totals = { requests: Number(m[1]), seconds: ms / 1000 };
    } else if ((m = /^Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)$/.exec(line)) !== null) {
      socketErrors = { connect: Number(m[1]), read: Number(m[2]), write: Number(m[3]), timeout: Number(m[4]) };
    } else if ((m = /^Non-2xx or 3xx responses: (\d+)$/.exec(line)) !== null) {
      non2xx3xx = Number(m[1]);
    } else if ((m = /^Requests\/sec:\s+(\d+(?:\.\d+)?)$/.exec(line)) !== null) {
      rps = Number(m[1]);
    } else if ((m = /^Transfer\/sec:\s+(\S+)$/.exec(line)) !== null) {
      transfer = bytes(m[1]);
    }
  }
  const missing = [
    ['threads and connections', threads],
    ['latency', latency],
    ['request total', totals],
    ['Requests/sec', rps],
    ['Transfer/sec', transfer],
  ].filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length > 0 || threads === undefined || connections === undefined || latency === undefined || totals === undefined || rps === undefined || transfer === undefined) {
    return failure(`truncated wrk report: no ${missing.join(', ')}`);
  }
  return success({
    threads,
    connections,
    latencyAvgMs: latency.avg,
    latencyMaxMs: latency.max,
    percentiles,
    requests: totals.requests,
    durationSeconds: totals.seconds,
    requestsPerSecond: rps,
    transferBytesPerSecond: transfer,
    socketErrors,
    non2xx3xx,
  });
}

export function wrkReportToResult(report: WrkReport, ctx: ResultContext): LoadTestResult {
  const pct = (p: number): number | null => report.percentiles.get(p) ?? null;
  const { connect, read, write, timeout } = report.socketErrors;
  return {
    engine: 'wrk',
    target: ctx.target,
    ...(ctx.preset !== undefined && { preset: ctx.preset }),
    concurrency: report.connections,
    requestsPerSecond: report.requestsPerSecond,
    meanTimePerRequestMs: report.latencyAvgMs,
    latency: { p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: report.latencyMaxMs },
    completed: report.requests,
    failed: connect + read + write + timeout,
    non2xx: report.non2xx3xx,
    transferBytesPerSecond: report.transferBytesPerSecond,
    durationSeconds: report.durationSeconds,
  };
}
