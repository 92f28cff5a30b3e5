import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWrkReport, wrkReportToResult } from '../../src/core/loadtest/wrk-report.js';

const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'loadtest', name), 'utf8');

const WITH_ERRORS = `Running 10s test @ http://127.0.7.1:8080/api/work
  2 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.06s   412.31ms   1.99s    70.00%
    Req/Sec    48.90     30.10   130.00     68.42%
  945 requests in 10.01s, 1.02MB read
  Socket errors: connect 0, read 3, write 0, timeout 12
  Non-2xx or 3xx responses: 7
Requests/sec:     94.41
Transfer/sec:    104.33KB
`;

describe('parseWrkReport', () => {
  it('reads a real --latency report (µs units, percentiles)', () => {
    const report = parseWrkReport(fixture('wrk-latency.txt'));
    if (!report.ok) throw new Error(report.reason);
    expect(report.value).toMatchObject({ threads: 1, connections: 10, durationSeconds: 2.1, requests: 281751 });
    expect(report.value.latencyAvgMs).toBeCloseTo(0.10621, 5);
    expect(report.value.percentiles.get(50)).toBeCloseTo(0.064, 6);
    expect(report.value.percentiles.get(99)).toBeCloseTo(1.21, 6);
    expect(report.value.requestsPerSecond).toBe(134017.24);
    expect(report.value.transferBytesPerSecond).toBe(Math.round(101.48 * 1024 * 1024));
  });

  it('reads a plain report (no percentiles): p50/p95/p99 are unknown, max is known', () => {
    const report = parseWrkReport(fixture('wrk-plain.txt'));
    if (!report.ok) throw new Error(report.reason);
    const result = wrkReportToResult(report.value, { target: 'http://x/' });
    expect(result.latency).toEqual({ p50Ms: null, p95Ms: null, p99Ms: null, maxMs: 4.55 });
    expect(result.engine).toBe('wrk');
  });

  it('counts socket errors as failed and non-2xx/3xx, in seconds units', () => {
    const report = parseWrkReport(WITH_ERRORS);
    if (!report.ok) throw new Error(report.reason);
    const result = wrkReportToResult(report.value, { target: 'http://127.0.7.1:8080/api/work', preset: 'work' });
    expect(result).toMatchObject({ failed: 15, non2xx: 7, completed: 945, concurrency: 100, requestsPerSecond: 94.41, meanTimePerRequestMs: 1060, preset: 'work' });
    expect(result.latency.maxMs).toBe(1990);
    expect(result.transferBytesPerSecond).toBe(Math.round(104.33 * 1024));
  });

  it.each([
    ['empty', '', /not a wrk report/],
    ['garbage', 'Segmentation fault\n', /not a wrk report/],
    ['cut before the totals', WITH_ERRORS.slice(0, WITH_ERRORS.indexOf('Requests/sec')), /truncated wrk report: no Requests\/sec, Transfer\/sec/],
    ['cut after the banner', 'Running 10s test @ http://x/\n  2 threads and 100 connections\n', /truncated wrk report: no latency, request total/],
  ])('%s', (_name, text, reason) => {
    const report = parseWrkReport(text);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.reason).toMatch(reason);
  });
});
