import { readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine } from '../../src/adapters/loadtest/builtin-engine.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';
import { renderKindLines } from '../../src/core/loadtest/kind-summary.js';

/** The built-in engine sending a mix (per-kind counts, statuses, HEAD beside GET on one connection) and https with --insecure. */

const ADDRESS = '127.0.66.3';
const seen: string[] = [];
let connections = 0;
let base: string;
let secureBase: string;
let server: http.Server;
let secure: https.Server;
const tlsFixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'loadtest', 'tls', name), 'utf8');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url === '/missing') res.writeHead(404).end('no');
      else if (req.method === 'POST') res.writeHead(201).end('made');
      else res.writeHead(200, { 'content-length': '5' }).end(req.method === 'HEAD' ? undefined : 'hello');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  base = `http://${ADDRESS}:${(server.address() as AddressInfo).port}`;
  secure = https.createServer({ key: tlsFixture('key.pem'), cert: tlsFixture('cert.pem') }, (_req, res) => res.end('secret'));
  await new Promise<void>((resolve) => secure.listen(0, '127.0.66.2', resolve));
  secureBase = `https://127.0.66.2:${(secure.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  secure.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => secure.close(() => resolve()));
});

const plan = (over: Partial<RunPlan>): RunPlan => ({
  url: `${base}/`, target: 'url', method: 'GET', concurrency: 4, limit: { kind: 'requests', requests: 200 },
  keepAlive: true, headers: {}, engine: 'builtin', ...over,
});

const MIX: RunPlan['mix'] = [
  { name: 'page', weight: 6, method: 'GET', path: '/', headers: {} },
  { name: 'head', weight: 2, method: 'HEAD', path: '/', headers: {} },
  { name: 'gone', weight: 1, method: 'GET', path: '/missing', headers: {} },
  { name: 'post', weight: 1, method: 'POST', path: '/form', headers: { 'Content-Type': 'text/plain' }, body: 'a=1' },
];

describe('the built-in engine sends a mix', () => {
  it.each([1, 3])('with %i thread(s): exactly each kind\'s share of -n, per-kind statuses, keep-alive throughout', async (threads) => {
    seen.length = 0;
    connections = 0;
    const outcome = await builtinEngine()({ plan: plan({ mix: MIX, threads }), runId: `mix${threads}` });
    if (!outcome.ok) throw new Error(outcome.reason);
    const kinds = outcome.result.kinds ?? [];
    expect(kinds.map((k) => [k.name, k.completed, k.failed, k.non2xx, k.statuses])).toEqual([
      ['page', 120, 0, 0, { 200: 120 }],
      ['head', 40, 0, 0, { 200: 40 }],
      ['gone', 20, 0, 20, { 404: 20 }],
      ['post', 20, 0, 0, { 201: 20 }],
    ]);
    expect(outcome.result).toMatchObject({ completed: 200, failed: 0, non2xx: 20 });
    expect(seen.filter((s) => s === 'POST /form a=1')).toHaveLength(20);
    expect(connections).toBe(4);
    expect(seen.filter((s) => s.startsWith('HEAD / '))).toHaveLength(40);
    for (const k of kinds) expect(k.latency.p50Ms).not.toBeNull();
    const lines = renderKindLines(kinds);
    expect(lines[0]).toBe('  By kind');
    expect(lines[3]).toMatch(/^ {4}gone +20 +10\.0 % +mean .* 404×20$/);
  });

  it('a timed mix keeps the mix too', async () => {
    const outcome = await builtinEngine()({ plan: plan({ mix: MIX, limit: { kind: 'duration', seconds: 1 } }), runId: 'mixd' });
    if (!outcome.ok) throw new Error(outcome.reason);
    const [page, head, gone, post] = (outcome.result.kinds ?? []).map((k) => k.completed + k.failed);
    const total = outcome.result.completed + outcome.result.failed;
    expect(total).toBeGreaterThan(50);
    // Tickets are taken in schedule order; the requests in flight at the end are all that differ.
    for (const [n, share] of [[page, 0.6], [head, 0.2], [gone, 0.1], [post, 0.1]] as const) {
      expect(Math.abs((n as number) - share * total)).toBeLessThanOrEqual(8);
    }
  });
});

describe('the built-in engine on https with --insecure', () => {
  it('runs against a certificate it does not trust, without checking it', async () => {
    const outcome = await builtinEngine()({ plan: plan({ url: `${secureBase}/`, insecure: true, limit: { kind: 'requests', requests: 40 } }), runId: 'insecure' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.result).toMatchObject({ completed: 40, failed: 0 });
  });

  it('a CA that did not sign the certificate: refused in one line saying to check --ca', async () => {
    const other = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8');
    const outcome = await builtinEngine({ ca: other })({ plan: plan({ url: `${secureBase}/` }), runId: 'wrong-ca' });
    expect(outcome).toEqual({
      ok: false, cancelled: false,
      reason: `${secureBase}/: the server's certificate is not trusted (self-signed certificate); check that --ca (or the profile's tls.ca) is the CA that signed it, or give --insecure`,
    });
  });
});
