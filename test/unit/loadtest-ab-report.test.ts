import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { abReportToResult, parseAbReport } from '../../src/core/loadtest/ab-report.js';

const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'loadtest', name), 'utf8');

describe('parseAbReport on real reports', () => {
  const cases = [
    // file, complete, failed (as ab counts), non2xx, rps, mean, p95, max, length failures
    ['ab-seed-cluster.txt', 10000, 0, 0, 844.5, 118.413, 173, 3215, 0],
    ['ab-nginx-keepalive.txt', 2000, 0, 0, 148765.25, 0.067, 0, 1, 0],
    ['ab-length-failures.txt', 500, 411, 0, 37696.02, 0.265, 1, 1, 411],
    ['ab-not-found.txt', 200, 0, 200, 39856.52, 0.125, 0, 0, 0],
    ['ab-time-limit.txt', 3000, 0, 0, 117642.45, 0.034, 0, 0, 0],
  ] as const;
  it.each(cases)('%s', (file, complete, failed, non2xx, rps, mean, p95, max, length) => {
    const report = parseAbReport(fixture(file));
    if (!report.ok) throw new Error(report.reason);
    expect(report.value).toMatchObject({ completeRequests: complete, failedRequests: failed, non2xx, requestsPerSecond: rps, meanTimePerRequestMs: mean });
    expect(report.value.failures.length).toBe(length);
    expect(report.value.percentiles.get(95)).toBe(p95);
    expect(report.value.percentiles.get(100)).toBe(max);
  });

  it('reads the seed report (collapsed spacing, progress lines mixed in) completely', () => {
    const report = parseAbReport(fixture('ab-seed-cluster.txt'));
    if (!report.ok) throw new Error(report.reason);
    expect(report.value).toMatchObject({
      serverSoftware: 'nginx/1.10.3',
      hostname: 'piclusternode0',
      port: 80,
      documentPath: '/',
      documentLengthBytes: 556,
      concurrency: 100,
      timeTakenSeconds: 11.841,
      keepAliveRequests: 0,
      totalTransferredBytes: 9144496,
      meanTimeAcrossRequestsMs: 1.184,
      transferKbytesPerSecond: 754.16,
      total: { min: 12, mean: 118, median: 88, max: 3215 },
    });
    expect([...report.value.percentiles]).toEqual([[50, 88], [66, 91], [75, 93], [80, 94], [90, 108], [95, 173], [98, 433], [99, 1152], [100, 3215]]);
  });

  it('turns the seed report into a result like the seed table column "Cluster"', () => {
    const report = parseAbReport(fixture('ab-seed-cluster.txt'));
    if (!report.ok) throw new Error(report.reason);
    expect(abReportToResult(report.value, { target: 'http://piclusternode0/', preset: 'home' })).toEqual({
      engine: 'ab',
      target: 'http://piclusternode0/',
      preset: 'home',
      concurrency: 100,
      requestsPerSecond: 844.5,
      meanTimePerRequestMs: 118.413,
      latency: { p50Ms: 88, p95Ms: 173, p99Ms: 1152, maxMs: 3215 },
      completed: 10000,
      failed: 0,
      non2xx: 0,
      lengthVaried: 0,
      transferBytesPerSecond: Math.round(754.16 * 1024),
      durationSeconds: 11.841,
    });
  });

  it('keeps "Failed requests: Length" apart from real failures (the page size varied)', () => {
    const report = parseAbReport(fixture('ab-length-failures.txt'));
    if (!report.ok) throw new Error(report.reason);
    expect(report.value.failures).toEqual({ connect: 0, receive: 0, length: 411, exceptions: 0 });
    const result = abReportToResult(report.value, { target: 'http://x/' });
    expect(result).toMatchObject({ failed: 0, lengthVaried: 411, completed: 500 });
  });

  it('reads a run against a refused port with -r as nothing completed', () => {
    const report = parseAbReport(fixture('ab-refused-keep-going.txt'));
    if (!report.ok) throw new Error(report.reason);
    expect(report.value.failures).toEqual({ connect: 0, receive: 400, length: 0, exceptions: 200 });
    expect(abReportToResult(report.value, { target: 'http://x/' })).toMatchObject({ completed: 0, failed: 600 });
  });

  it('counts receive errors and exceptions as failed, not completed', () => {
    const text = fixture('ab-seed-cluster.txt').replace('Failed requests: 0', 'Failed requests: 7\n (Connect: 2, Receive: 3, Length: 0, Exceptions: 2)');
    const report = parseAbReport(text);
    if (!report.ok) throw new Error(report.reason);
    expect(abReportToResult(report.value, { target: 'http://x/' })).toMatchObject({ failed: 7, completed: 10000 - 5 });
  });
});

describe('parseAbReport on broken input', () => {
  const seed = fixture('ab-seed-cluster.txt');
  const cut = (marker: string): string => seed.slice(0, seed.indexOf(marker));
  const cases: [string, string, RegExp][] = [
    ['empty', '', /no report/],
    ['refused (ab printed only its banner)', fixture('ab-refused.txt'), /not an ab report/],
    ['garbage', '\u0000\u0001 binary %%% noise\nmore: stuff', /not an ab report/],
    ['cut before the rate', cut('Requests per second'), /truncated ab report: no requestsPerSecond, meanTimePerRequestMs/],
    ['cut after "Failed requests: N" without the breakdown', fixture('ab-length-failures.txt').replace(/\s+\(Connect.*\)/, ''), /failed requests without their breakdown/],
    ['an HTML page', '<html><body>Error: 502 Bad Gateway</body></html>', /not an ab report/],
  ];
  it.each(cases)('%s', (_name, text, reason) => {
    const report = parseAbReport(text);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.reason).toMatch(reason);
  });

  it('reads a report cut inside the percentile table, without the missing percentiles', () => {
    const report = parseAbReport(cut(' 98% 433'));
    if (!report.ok) throw new Error(report.reason);
    expect(report.value.percentiles.get(95)).toBe(173);
    expect(abReportToResult(report.value, { target: 'http://x/' }).latency).toEqual({ p50Ms: 88, p95Ms: 173, p99Ms: null, maxMs: 3215 });
  });
});
