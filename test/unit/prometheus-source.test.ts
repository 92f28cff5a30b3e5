import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prometheusHealthSource } from '../../src/adapters/health/prometheus-health-source.js';
import { initialHealth } from '../../src/core/health/node-health.js';
import type { HealthNotice, HealthReading, HealthSource } from '../../src/core/ports/health-source.js';
import type { MetricsSpec } from '../../src/core/profile/profile.js';

/** The Prometheus source over a fake fetch that answers with the lab's real answers (test/fixtures/prometheus). */

const DIR = path.join(__dirname, '..', 'fixtures', 'prometheus');
const meta = JSON.parse(readFileSync(path.join(DIR, 'lab-meta.json'), 'utf8')) as { queries: { name: string; promql: string }[] };
const spec = (nodes: readonly string[]): MetricsSpec => ({
  prometheus: 'http://127.0.72.1:9090', label: 'node', labelValues: new Map(nodes.map((n) => [n, n])), labels: { job: 'node' }, window: '1m', timeoutMs: 500,
});
const fleet = (nodes: readonly string[]) => nodes.map((name) => ({ name, services: name === 'head' ? ['haproxy'] : ['nginx', 'webapp'] }));

/** Answers each query from PREFIX-<name>.json; `down` makes every request fail as undici does on ECONNREFUSED. */
function fakePrometheus(state: { prefix: string; down: boolean; requests: number }): typeof fetch {
  return (async (_url: string, init?: { body?: URLSearchParams }) => {
    state.requests += 1;
    if (state.down) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const query = init?.body?.get('query') ?? '';
    const name = meta.queries.find((q) => query === q.promql || query.replace(/\|p9"/, '"').replace('"head|p1|p2|p3|pi3|p9"', '"head|p1|p2|p3|pi3"') === q.promql)?.name;
    const text = name === undefined ? '{"status":"error","errorType":"bad_data","error":"unknown query"}' : readFileSync(path.join(DIR, `${state.prefix}-${name}.json`), 'utf8');
    return new Response(text, { status: name === undefined ? 400 : 200 });
  }) as unknown as typeof fetch;
}

/** A stand-in for a node's SSH prober: counts its polls. */
function fakeSsh(node: string, made: string[]): HealthSource {
  made.push(node);
  const health = { ...initialHealth(node, [], 1), origin: { source: 'ssh' as const, sampledAt: 1 } };
  return {
    nodes: [node], poll: async () => [{ node, health }], start: () => undefined, stop: () => undefined,
    subscribe: () => () => undefined, recheckServices: () => undefined,
  };
}

const NODES = ['head', 'p1', 'p2', 'p3', 'pi3'];

describe('prometheusHealthSource', () => {
  it('one poll: six requests for the whole fleet, a reading per node from Prometheus, no fallback made', async () => {
    const state = { prefix: 'lab', down: false, requests: 0 };
    const made: string[] = [];
    const source = prometheusHealthSource({ spec: spec(NODES), nodes: fleet(NODES), fetch: fakePrometheus(state), fallback: (n) => fakeSsh(n, made) });
    const readings = await source.poll();
    expect(state.requests).toBe(6);
    expect(readings.map((r) => [r.node, r.health.origin?.source])).toEqual(NODES.map((n) => [n, 'prometheus']));
    expect(made).toEqual([]);
    // The same scrapes again: only the two small queries, the readings as they were.
    const again = await source.poll();
    expect(state.requests).toBe(8);
    expect(again.map((r) => r.health)).toEqual(readings.map((r) => r.health));
  });

  it('a node Prometheus has no target for is read by its fallback (only that one), and says so', async () => {
    const nodes = [...NODES, 'p9'];
    const state = { prefix: 'lab', down: false, requests: 0 };
    const made: string[] = [];
    const notices: HealthNotice[] = [];
    const source = prometheusHealthSource({ spec: spec(nodes), nodes: fleet(nodes), fetch: fakePrometheus(state), fallback: (n) => fakeSsh(n, made) });
    source.onNotice?.((n) => notices.push(n));
    const readings = await source.poll();
    expect(made).toEqual(['p9']);
    const p9 = readings.find((r) => r.node === 'p9');
    expect(p9?.health.origin).toEqual({ source: 'ssh', sampledAt: 1, note: 'Prometheus has no target for p9: read over SSH' });
    expect(notices).toEqual([{ level: 'warn', text: 'p9: Prometheus has no target for p9: read over SSH' }]);
    await source.poll();
    expect(made).toEqual(['p9']);
  });

  it('Prometheus down: one notice, stale readings keeping their scrape time; one more when it answers again', async () => {
    const state = { prefix: 'lab', down: false, requests: 0 };
    const notices: HealthNotice[] = [];
    const source = prometheusHealthSource({ spec: spec(NODES), nodes: fleet(NODES), fetch: fakePrometheus(state) });
    source.onNotice?.((n) => notices.push(n));
    const first = await source.poll();
    state.down = true;
    let later: readonly HealthReading[] = [];
    for (let i = 0; i < 3; i++) later = await source.poll();
    expect(notices).toEqual([{ level: 'error', text: 'Prometheus at http://127.0.72.1:9090: connection refused (is it running?); node health is the last read, stale, with its age' }]);
    for (const r of later) {
      expect(r.health.cpu.state).toBe('stale');
      expect(r.health.origin?.sampledAt).toBe(first.find((f) => f.node === r.node)?.health.origin?.sampledAt);
    }
    state.down = false;
    await source.poll();
    expect(notices.at(-1)).toEqual({ level: 'info', text: 'Prometheus at http://127.0.72.1:9090 answers again' });
  });
});
