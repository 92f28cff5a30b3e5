import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine, combineParts, defaultThreads, shareConnections, workerScript } from '../../src/adapters/loadtest/builtin-engine.js';
import { LatencyTally } from '../../src/core/loadtest/latency-tally.js';
import type { EngineOutcome } from '../../src/adapters/loadtest/engine.js';
import type { Progress } from '../../src/core/loadtest/progress-line.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';

/** Engines against a real local HTTP server on a loopback address of their own. */

const ADDRESS = '127.0.66.2';
let server: http.Server;
let base: string;
let served = 0;
let connections = 0;
let bodies: string[] = [];
let garbage: net.Server;
let garbageBase: string;
let secure: https.Server;
let secureBase: string;
const tlsFixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'loadtest', 'tls', name), 'utf8');

beforeAll(async () => {
  if (!existsSync(workerScript())) throw new Error(`${workerScript()} is missing: run npx tsc -p tsconfig.build.json first`);
  server = http.createServer((req, res) => {
    served++;
    if (req.url === '/missing') res.writeHead(404).end('no');
    else if (req.url === '/echo') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        bodies.push(`${req.method} ${body}`);
        res.writeHead(201);
        res.write('chunked ');
        res.end('answer');
      });
    } else if (req.url === '/every-tenth-hangs') {
      if (served % 10 !== 0) res.writeHead(200).end('ok');
    } else res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(556));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  base = `http://${ADDRESS}:${(server.address() as AddressInfo).port}`;
  // The engine drops the connection at the garbage, often before reading all of it: a reset here.
  garbage = net.createServer((socket) => socket.on('error', () => undefined).resume().end('garbage\r\n'));
  await new Promise<void>((resolve) => garbage.listen(0, ADDRESS, resolve));
  garbageBase = `http://${ADDRESS}:${(garbage.address() as AddressInfo).port}`;
  secure = https.createServer({ key: tlsFixture('key.pem'), cert: tlsFixture('cert.pem') }, (_req, res) => res.end('secret'));
  await new Promise<void>((resolve) => secure.listen(0, ADDRESS, resolve));
  secureBase = `https://${ADDRESS}:${(secure.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => garbage.close(() => resolve()));
  secure.closeAllConnections();
  await new Promise<void>((resolve) => secure.close(() => resolve()));
});

const plan = (over: Partial<RunPlan>): RunPlan => ({
  url: `${base}/`, target: 'url', method: 'GET', concurrency: 4, limit: { kind: 'requests', requests: 400 },
  keepAlive: true, headers: {}, engine: 'builtin', ...over,
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const openConnections = (): Promise<number> => new Promise((resolve) => server.getConnections((_e, n) => resolve(n)));

describe('built-in engine threads', () => {
  it('share out the connections, never more threads than connections', () => {
    expect(shareConnections(5, 2)).toEqual([3, 2]);
    expect(shareConnections(100, 4)).toEqual([25, 25, 25, 25]);
    expect(shareConnections(1, 4)).toEqual([1]);
  });

  it('leave one core free: 1 thread on 1 or 2 cores, 3 on 4, never more than 4', () => {
    expect([1, 2, 3, 4, 8, 64].map(defaultThreads)).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('add their parts up into one result', () => {
    const a = new LatencyTally();
    const b = new LatencyTally();
    for (let i = 1; i <= 90; i++) a.record(1);
    for (let i = 1; i <= 10; i++) b.record(100);
    const result = combineParts(plan({ concurrency: 4 }), [
      { completed: 90, sent: 91, failed: 1, non2xx: 2, bytes: 9000, seconds: 1.8, histogram: a.toData() },
      { completed: 10, sent: 10, failed: 0, non2xx: 0, bytes: 1000, seconds: 2, histogram: b.toData() },
    ]);
    expect(result).toMatchObject({ completed: 100, failed: 1, non2xx: 2, requestsPerSecond: 50, transferBytesPerSecond: 5000, durationSeconds: 2, concurrency: 4 });
    expect(result.meanTimePerRequestMs).toBeCloseTo(10.9, 6);
    expect(result.latency.p50Ms).toBeCloseTo(1, 1);
    expect(result.latency.p95Ms).toBeCloseTo(100, 0);
    expect(result.latency.maxMs).toBe(100);
  });
});

describe('built-in engine', () => {
  it('sends exactly the requests asked for and reports latency percentiles', async () => {
    const before = served;
    const outcome = await builtinEngine()({ plan: plan({ url: `${base}/`, preset: 'home' }), runId: 't1' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(served - before).toBe(400);
    expect(outcome.result).toMatchObject({ engine: 'builtin', preset: 'home', completed: 400, failed: 0, non2xx: 0, concurrency: 4 });
    const { p50Ms, p95Ms, p99Ms, maxMs } = outcome.result.latency;
    expect(p50Ms).not.toBeNull();
    expect(p50Ms as number).toBeLessThanOrEqual(p95Ms as number);
    expect(p95Ms as number).toBeLessThanOrEqual(p99Ms as number);
    expect(p99Ms as number).toBeLessThanOrEqual(maxMs as number);
    expect(outcome.result.requestsPerSecond).toBeCloseTo(400 / outcome.result.durationSeconds, 3);
  });

  it('counts non-2xx answers and closes connections when keep-alive is off', async () => {
    const before = { connections, served };
    const outcome = await builtinEngine()({ plan: plan({ url: `${base}/missing`, keepAlive: false, concurrency: 2, limit: { kind: 'requests', requests: 40 } }), runId: 't2' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.result).toMatchObject({ completed: 40, non2xx: 40 });
    expect(connections - before.connections).toBe(40);
    expect(served - before.served).toBe(40);
  });

  it('sends exactly -n requests over several threads, however they race', async () => {
    const before = served;
    const outcome = await builtinEngine({ threads: 2 })({ plan: plan({ concurrency: 30, limit: { kind: 'requests', requests: 1001 } }), runId: 't6' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(served - before).toBe(1001);
    expect(outcome.result).toMatchObject({ completed: 1001, failed: 0, concurrency: 30 });
  });

  it("runs as many threads as the plan says, over the engine's own default", async () => {
    const before = served;
    const outcome = await builtinEngine({ threads: 1 })({ plan: { ...plan({ concurrency: 30, limit: { kind: 'requests', requests: 600 } }), threads: 3 }, runId: 't6b' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(served - before).toBe(600);
    expect(outcome.result).toMatchObject({ threads: 3, completed: 600, failed: 0 });
    const one = await builtinEngine({ threads: 1 })({ plan: plan({ concurrency: 4, limit: { kind: 'requests', requests: 40 } }), runId: 't6c' });
    expect(one.ok && one.result.threads).toBe(1);
  });

  it('sends the body with its length and reads chunked answers', async () => {
    bodies = [];
    const outcome = await builtinEngine()({ plan: plan({ url: `${base}/echo`, method: 'POST', body: 'héllo', limit: { kind: 'requests', requests: 20 } }), runId: 't7' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(bodies).toEqual(Array(20).fill('POST héllo'));
    // Every answer is 201: a success that is not 200 is still 2xx.
    expect(outcome.result).toMatchObject({ completed: 20, failed: 0, non2xx: 0 });
  });

  it('counts a request with no answer within the request timeout as failed, and goes on', async () => {
    const before = served;
    const outcome = await builtinEngine({ requestTimeoutMs: 1000 })({ plan: plan({ url: `${base}/every-tenth-hangs`, concurrency: 5, limit: { kind: 'requests', requests: 50 } }), runId: 't8' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(served - before).toBe(50);
    const hung = Array.from({ length: 50 }, (_, i) => before + i + 1).filter((n) => n % 10 === 0).length;
    expect(outcome.result).toMatchObject({ completed: 50 - hung, failed: hung });
    expect(outcome.result.latency.maxMs as number).toBeLessThan(1000);
  });

  it('runs for the duration and reports progress on the way', async () => {
    const seen: Progress[] = [];
    const outcome = await builtinEngine()({ plan: plan({ limit: { kind: 'duration', seconds: 2 } }), runId: 't9', onProgress: (p) => seen.push(p) });
    if (!outcome.ok) throw new Error(outcome.reason);
    // From the start to the last response; a busy machine may fire the 2 s timer a little late.
    expect(outcome.result.durationSeconds).toBeGreaterThan(1.8);
    expect(outcome.result.durationSeconds).toBeLessThan(2.5);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    const first = seen[0] as Progress;
    expect(first.completed as number).toBeGreaterThan(0);
    expect(first.completed as number).toBeLessThanOrEqual(outcome.result.completed);
    expect(first).toMatchObject({ errors: 0 });
    expect(first.elapsedMs).toBeGreaterThanOrEqual(990);
  });

  it('speaks https to a server whose certificate it trusts, and refuses one it does not', async () => {
    const trusted = await builtinEngine({ ca: tlsFixture('cert.pem') })({ plan: plan({ url: `${secureBase}/`, limit: { kind: 'requests', requests: 40 } }), runId: 't11' });
    if (!trusted.ok) throw new Error(trusted.reason);
    expect(trusted.result).toMatchObject({ completed: 40, failed: 0, non2xx: 0 });
    const untrusted = await builtinEngine()({ plan: plan({ url: `${secureBase}/` }), runId: 't12' });
    expect(untrusted).toEqual({
      ok: false, cancelled: false,
      reason: `${secureBase}/: the server's certificate is not trusted (self-signed certificate); give --ca FILE (the CA that signed it; or tls.ca in the profile) or --insecure`,
    });
  });

  it('fails with the reason when the target does not speak HTTP', async () => {
    const outcome = await builtinEngine()({ plan: plan({ url: `${garbageBase}/` }), runId: 't10' });
    expect(outcome).toEqual({ ok: false, cancelled: false, reason: `${new URL(garbageBase).host} did not answer: not an HTTP/1.x response: "garbage"` });
  });

  it('fails with a one-line reason when the target refuses', async () => {
    const outcome = await builtinEngine()({ plan: plan({ url: `http://${ADDRESS}:1/` }), runId: 't3' });
    expect(outcome).toEqual({ ok: false, cancelled: false, reason: `${ADDRESS}:1 did not answer: connect ECONNREFUSED ${ADDRESS}:1` });
  });

  it('stops sending at once when cancelled', async () => {
    const controller = new AbortController();
    const run = builtinEngine()({
      plan: plan({ limit: { kind: 'duration', seconds: 60 } }),
      runId: 't4',
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const outcome: EngineOutcome = await run;
    expect(outcome).toEqual({ ok: false, reason: 'cancelled', cancelled: true });
    await until(async () => (await openConnections()) === 0, 'the engine\'s connections to close');
  });

  it('times out a run that goes on too long', async () => {
    const outcome = await builtinEngine({ timeoutMs: () => 1500 })({ plan: plan({ limit: { kind: 'duration', seconds: 60 } }), runId: 't5' });
    expect(outcome).toEqual({ ok: false, reason: 'the run timed out after 2 s', cancelled: false });
    await until(async () => (await openConnections()) === 0, 'the engine\'s connections to close');
  });
});
