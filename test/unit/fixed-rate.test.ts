import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine, workerScript } from '../../src/adapters/loadtest/builtin-engine.js';
import { LatencyHistogram } from '../../src/core/loadtest/latency-histogram.js';
import { LatencyTally } from '../../src/core/loadtest/latency-tally.js';
import type { LoadTestResult } from '../../src/core/loadtest/load-test-result.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';
import { dueAtMs, dueBefore, scheduledRequests, sendIntervalMs } from '../../src/core/loadtest/send-schedule.js';

/** Fixed-rate runs (`bench --rate N`): the schedule, the histogram, and the engine against a local server. */

describe('the send schedule', () => {
  it.each([
    // rate, connections, connection, k → due ms
    [1000, 1, 0, 0, 0],
    [1000, 1, 0, 5, 5],
    [1000, 4, 0, 1, 4],
    [1000, 4, 1, 0, 1],
    [1000, 4, 3, 2, 11],
    [10, 2, 1, 0, 100],
    [3, 1, 0, 1, 1000 / 3],
  ])('rate %d over %d connections: connection %d sends its request %d at %d ms', (rate, connections, connection, k, due) => {
    expect(dueAtMs({ rate, connections, connection }, k)).toBeCloseTo(due, 9);
  });

  it('interleaves every connection\'s sends one every 1/rate seconds', () => {
    const s = { rate: 500, connections: 5 };
    const times = [0, 1, 2, 3, 4].flatMap((connection) => [0, 1, 2].map((k) => dueAtMs({ ...s, connection }, k))).sort((a, b) => a - b);
    expect(times.map((t, i) => t - i * 2).every((d) => Math.abs(d) < 1e-9)).toBe(true);
    expect(sendIntervalMs(s)).toBe(10);
  });

  it.each([
    [1000, 1, 0, 0, 0],
    [1000, 1, 0, 0.5, 1],
    [1000, 1, 0, 1, 1],
    [1000, 1, 0, 1.5, 2],
    [1000, 4, 3, 3, 0],
    [1000, 4, 3, 3.5, 1],
  ])('rate %d, %d connections: connection %d has %d due before %d ms', (rate, connections, connection, elapsed, n) => {
    expect(dueBefore({ rate, connections, connection }, elapsed)).toBe(n);
  });

  it.each([
    [100, 1, 1000, 100],
    [100, 7, 1000, 100],
    [1000, 10, 5000, 5000],
    [3, 2, 1000, 3],
    [1, 4, 2500, 3],
  ])('rate %d over %d connections for %d ms calls for %d requests', (rate, connections, ms, n) => {
    expect(scheduledRequests(rate, connections, ms)).toBe(n);
  });
});

describe('the latency histogram (HDR)', () => {
  it('gives percentiles within 0.1 %, the exact mean and max, across merged threads', () => {
    const a = new LatencyTally();
    const b = new LatencyTally();
    for (let i = 1; i <= 5000; i++) a.record(i / 10);
    for (let i = 5001; i <= 10_000; i++) b.record(i / 10);
    const all = new LatencyHistogram();
    all.merge(a.toData());
    all.merge(b.toData());
    expect(all.count).toBe(10_000);
    for (const [p, want] of [[50, 500], [90, 900], [99, 990], [99.9, 999]] as const) {
      expect(Math.abs((all.percentile(p) as number) - want) / want).toBeLessThan(0.001);
    }
    expect(all.max()).toBe(1000);
    expect(all.mean()).toBeCloseTo(500.05, 6);
  });

  it('is empty until something is recorded', () => {
    const h = new LatencyHistogram();
    expect([h.percentile(99), h.mean(), h.max(), h.count]).toEqual([null, null, null, 0]);
  });
});

const ADDRESS = '127.0.57.240';
let server: http.Server;
let base: string;
/** `/slow`: each response 50 ms after its request, so one connection manages 20 a second. */
beforeAll(async () => {
  if (!existsSync(workerScript())) throw new Error(`${workerScript()} is missing: run npm run build first`);
  server = http.createServer((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('slow'), 50);
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  base = `http://${ADDRESS}:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const plan = (over: Partial<RunPlan>): RunPlan => ({
  url: `${base}/`, target: 'url', method: 'GET', concurrency: 4, limit: { kind: 'duration', seconds: 2 },
  keepAlive: true, headers: {}, engine: 'builtin', ...over,
});

async function run(p: RunPlan, threads = 1): Promise<LoadTestResult> {
  const outcome = await builtinEngine({ threads })({ plan: p, runId: 'fixed-rate' });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.result;
}

describe('a fixed-rate run of the built-in engine', () => {
  it('sends the rate asked on a healthy server, every scheduled request, over two threads', async () => {
    const r = await run(plan({ rate: 200 }), 2);
    expect(r.fixedRate).toEqual({ targetPerSecond: 200, scheduled: 400, sent: 400 });
    expect(r.completed).toBe(400);
    expect(r.requestsPerSecond).toBeGreaterThan(190);
    expect(r.requestsPerSecond).toBeLessThan(210);
    expect(r.latency.p999Ms).not.toBeNull();
  });

  it('sends exactly -n requests at the rate: -n 100 at 100/s takes about a second', async () => {
    const r = await run(plan({ rate: 100, limit: { kind: 'requests', requests: 100 } }));
    expect(r.fixedRate).toEqual({ targetPerSecond: 100, scheduled: 100, sent: 100 });
    expect(r.durationSeconds).toBeGreaterThan(0.95);
    expect(r.durationSeconds).toBeLessThan(1.3);
  });

  it('when the connections cannot keep up: says how many were never sent, and the queue is in the latency', async () => {
    // One connection at 50 ms a response does 20/s; 100/s are asked for 2 s.
    const closedLoop = await run(plan({ url: `${base}/slow`, concurrency: 1 }));
    const fixed = await run(plan({ url: `${base}/slow`, concurrency: 1, rate: 100 }));
    expect(fixed.fixedRate?.scheduled).toBe(200);
    expect(fixed.fixedRate?.sent).toBeLessThan(60);
    expect(fixed.requestsPerSecond).toBeLessThan(30);
    // The closed loop sees 50 ms; the schedule sees requests waiting longer and longer for the one connection.
    expect(closedLoop.latency.p99Ms).toBeLessThan(150);
    expect(fixed.latency.p99Ms).toBeGreaterThan(1000);
    expect(closedLoop.fixedRate).toBeUndefined();
  });
});
