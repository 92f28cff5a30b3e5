import { describe, expect, it } from 'vitest';
import type { LoadTestResult } from '../../src/core/loadtest/load-test-result.js';
import { formatProgress } from '../../src/core/loadtest/progress-line.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { serverShares } from '../../src/core/loadtest/server-share.js';
import type { LoadTestEngine } from '../../src/adapters/loadtest/engine.js';
import { runLoadTest, type HaproxySnapshot } from '../../src/adapters/loadtest/run-load-test.js';
import { type Result } from '../../src/core/result.js';
import type { RunSampler } from '../../src/adapters/loadtest/run-sampler.js';
import type { NodeSample } from '../../src/core/loadtest/run-samples.js';

/** A sampler that hands back the given samples and logs its calls. */
function fakeSampler(nodes: NodeSample[], log: string[]): RunSampler {
  return {
    baseline: async () => void log.push('baseline'),
    start: () => void log.push('start'),
    generatorProcess: (pid) => void log.push(`pid ${pid}`),
    finish: async () => {
      log.push('finish');
      return { intervalMs: 1000, nodes };
    },
    stop: () => void log.push('stop'),
  };
}
const sample = (node: string, atMs: number, throttleBits: number): NodeSample => ({ node, role: 'worker', atMs, reading: { throttleBits } });

const counters = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('serverShares', () => {
  it('shares the counter deltas out', () => {
    const shares = serverShares(counters({ 'web/p1': 100, 'web/pi3': 40 }), counters({ 'web/p1': 1100, 'web/pi3': 3040 }));
    expect(shares).toEqual({
      servers: [
        { server: 'web/p1', requests: 1000, share: 0.25 },
        { server: 'web/pi3', requests: 3000, share: 0.75 },
      ],
      total: 4000,
      reset: [],
      appeared: [],
    });
  });

  it('takes a counter that went backwards (HAProxy reloaded) as counted from zero, and says so', () => {
    const shares = serverShares(counters({ 'web/p1': 500, 'web/p2': 10 }), counters({ 'web/p1': 20, 'web/p2': 30, 'web/p3': 5 }));
    expect(shares.servers.map((s) => [s.server, s.requests])).toEqual([['web/p1', 20], ['web/p2', 20], ['web/p3', 5]]);
    expect(shares.reset).toEqual(['web/p1']);
    expect(shares.appeared).toEqual(['web/p3']);
  });

  it('has no shares when nothing went through HAProxy', () => {
    const shares = serverShares(counters({ 'web/p1': 5 }), counters({ 'web/p1': 5 }));
    expect(shares.total).toBe(0);
    expect(shares.servers[0]?.share).toBe(0);
  });
});

describe('formatProgress', () => {
  it('shows requests done, the rate and errors; or the time for a timed run', () => {
    expect(formatProgress('home', { kind: 'requests', requests: 10000 }, { elapsedMs: 2700, completed: 4200, currentRps: 1534.4, errors: 0 }))
      .toBe('home  4200/10000 (42 %)  1534 req/s  0 errors  2.7 s');
    expect(formatProgress('work', { kind: 'duration', seconds: 30 }, { elapsedMs: 15_200, completed: 700, currentRps: 46, errors: 1 }))
      .toBe('work  15/30 s (50 %)  700 requests  46 req/s  1 error');
    expect(formatProgress('home', { kind: 'requests', requests: 10000 }, { elapsedMs: 4000 })).toBe('home  4.0 s');
  });
});

const plan: RunPlan = {
  url: 'http://127.0.7.1:8080/', preset: 'home', target: 'frontend', method: 'GET', concurrency: 10,
  limit: { kind: 'requests', requests: 1000 }, keepAlive: true, headers: {}, body: 'x', engine: 'builtin',
};
const result: LoadTestResult = {
  engine: 'builtin', target: plan.url, preset: 'home', concurrency: 10, requestsPerSecond: 500, meanTimePerRequestMs: 20,
  latency: { p50Ms: 18, p95Ms: 40, p99Ms: 60, maxMs: 90 }, completed: 1000, failed: 0, non2xx: 0, transferBytesPerSecond: 1e6, durationSeconds: 2,
};

function haproxyReading(...readings: Result<HaproxySnapshot>[]): () => Promise<Result<HaproxySnapshot>> {
  let i = 0;
  return async () => readings[Math.min(i++, readings.length - 1)] as Result<HaproxySnapshot>;
}
const cluster = { haproxyVersion: '2.6.12', servers: [{ server: 'web/p1', weight: 1, status: 'UP', out: false }, { server: 'web/p2', weight: 1, status: 'DRAIN', out: true }] };

describe('runLoadTest', () => {
  it('snapshots before and after, samples during the run, and saves one record with shares, cluster state and flags', async () => {
    const saved: RunRecord[] = [];
    const order: string[] = [];
    const engine: LoadTestEngine = async (run) => {
      order.push('engine');
      run.onGeneratorProcess?.(4242);
      run.onProgress?.({ elapsedMs: 1000, completed: 500 });
      return { ok: true, result };
    };
    const samples = [sample('p1', -200, 0), sample('p1', 1000, 0x50005), sample('p1', 2000, 0x50000)];
    const outcome = await runLoadTest(
      { plan, profile: 'lab', label: 'Cluster', onPhase: (p) => order.push(p) },
      {
        engine,
        haproxy: haproxyReading(
          { ok: true, value: { counters: counters({ 'web/p1': 10, 'web/p2': 5 }), cluster } },
          { ok: true, value: { counters: counters({ 'web/p1': 1010, 'web/p2': 5 }), cluster } },
        ),
        sampler: fakeSampler(samples, order),
        save: async (r) => void saved.push(r),
        now: () => new Date('2026-11-27T12:00:00Z'),
      },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(order).toEqual(['snapshot', 'baseline', 'running', 'start', 'engine', 'pid 4242', 'saving', 'finish']);
    expect(saved).toEqual([outcome.record]);
    expect(outcome.record).toMatchObject({
      version: 1,
      startedAt: '2026-11-27T12:00:00.000Z',
      profile: 'lab',
      label: 'Cluster',
      result,
      shares: { total: 1000, servers: [{ server: 'web/p1', requests: 1000, share: 1 }, { server: 'web/p2', requests: 0, share: 0 }] },
      cluster,
      throttleBefore: [{ node: 'p1', raw: 0 }],
      throttleAfter: [{ node: 'p1', raw: 0x50000 }],
      throttled: true,
      flags: [
        { node: 'p1', kind: 'throttled-now', what: ['under-voltage', 'throttled'], fromS: 1, toS: 1, samples: 1 },
        { node: 'p1', kind: 'throttled-since-start', what: ['under-voltage', 'throttled'], fromS: 1, toS: 2, samples: 2 },
      ],
      samples: { kept: 'series', intervalMs: 1000 },
    });
    expect(outcome.record.newlyThrottled.p1).toEqual(['under-voltage', 'throttled', 'under-voltage (since the run began)', 'throttled (since the run began)']);
    expect(outcome.record.id).toMatch(/^20261127-120000-[0-9a-z]{3}$/);
    expect(outcome.record.plan).not.toHaveProperty('body');
  });

  it('saves nothing when the engine fails or is cancelled', async () => {
    const saved: RunRecord[] = [];
    const failing: LoadTestEngine = async () => ({ ok: false, reason: '127.0.7.1:8080 did not answer: connect ECONNREFUSED', cancelled: false });
    const outcome = await runLoadTest({ plan, profile: 'lab', label: 'Cluster' }, { engine: failing, save: async (r) => void saved.push(r) });
    expect(outcome).toEqual({ ok: false, reason: '127.0.7.1:8080 did not answer: connect ECONNREFUSED', cancelled: false });
    expect(saved).toEqual([]);
  });

  it('keeps the run when HAProxy cannot be read, with the reason', async () => {
    const outcome = await runLoadTest(
      { plan, profile: 'lab', label: 'Cluster' },
      { engine: async () => ({ ok: true, result }), haproxy: haproxyReading({ ok: false, reason: 'HAProxy: head: connection refused' }), save: async () => {} },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.record).toMatchObject({ sharesReason: 'HAProxy: head: connection refused', clusterReason: 'HAProxy: head: connection refused', throttled: false });
    expect(outcome.record.shares).toBeUndefined();
  });

  it('gives the engine the real credentials and keeps them out of the record and a failure\'s reason', async () => {
    const secret = { ...plan, url: 'http://bob:hunter2@127.0.7.1:8080/', headers: { Authorization: 'Bearer t0ken', Accept: 'text/html' } };
    const seen: RunPlan[] = [];
    const saved: RunRecord[] = [];
    const engine: LoadTestEngine = async (run) => {
      seen.push(run.plan);
      return { ok: true, result: { ...result, target: run.plan.url } };
    };
    const outcome = await runLoadTest({ plan: secret, profile: 'lab', label: 'url' }, { engine, save: async (r) => void saved.push(r) });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(seen[0]?.url).toBe('http://bob:hunter2@127.0.7.1:8080/');
    expect(seen[0]?.headers).toEqual({ Authorization: 'Bearer t0ken', Accept: 'text/html' });
    expect(saved[0]?.plan).toMatchObject({ url: 'http://bob:<redacted>@127.0.7.1:8080/', headers: { Authorization: '<redacted>', Accept: 'text/html' } });
    expect(JSON.stringify(saved)).not.toMatch(/hunter2|t0ken/);
    const failing: LoadTestEngine = async (run) => ({ ok: false, reason: `${run.plan.url} did not answer`, cancelled: false });
    const failed = await runLoadTest({ plan: secret, profile: 'lab', label: 'url' }, { engine: failing, save: async () => {} });
    expect(failed).toEqual({ ok: false, reason: 'http://bob:<redacted>@127.0.7.1:8080/ did not answer', cancelled: false });
  });

  it('a record that cannot be saved keeps the result and says why', async () => {
    const outcome = await runLoadTest(
      { plan, profile: 'lab', label: 'Cluster' },
      { engine: async () => ({ ok: true, result }), save: async () => { throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }); } },
    );
    expect(outcome).toMatchObject({ ok: true, saveError: 'permission denied', record: { result } });
  });
});
