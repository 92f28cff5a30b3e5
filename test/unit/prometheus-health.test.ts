import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialHealth, type NodeHealth } from '../../src/core/health/node-health.js';
import { valueOf } from '../../src/core/health/metric.js';
import { nodesToRead, specFor, stepFleetHealth, type QueryAnswers } from '../../src/core/metrics/fleet-health.js';
import { healthQueries, type HealthQueryName } from '../../src/core/metrics/health-queries.js';
import { parseQueryBody } from '../../src/core/metrics/prometheus-response.js';
import { failure } from '../../src/core/result.js';
import type { MetricsSpec } from '../../src/core/profile/profile.js';

/** Real answers of the lab's Prometheus 2.42 (captured by test/fixtures/prometheus/capture.mjs; pi3 heated). */
const DIR = path.join(__dirname, '..', 'fixtures', 'prometheus');
const text = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const NAMES: readonly HealthQueryName[] = ['up', 'sampledAt', 'gauges', 'cpu', 'network', 'services'];
const answersOf = (prefix: string): QueryAnswers =>
  Object.fromEntries(NAMES.map((n) => [n, parseQueryBody(200, text(`${prefix}-${n}.json`))]));

const NODES = ['head', 'p1', 'p2', 'p3', 'pi3'];
const spec = (nodes: readonly string[] = NODES): MetricsSpec => ({
  prometheus: 'http://127.0.72.1:9090',
  label: 'node',
  labelValues: new Map(nodes.map((n) => [n, n])),
  labels: { job: 'node' },
  window: '1m',
  timeoutMs: 3000,
});
const fleet = (nodes: readonly string[] = NODES) => nodes.map((name) => ({ name, services: name === 'head' ? ['haproxy'] : ['nginx', 'webapp'] }));
const T0 = 1_796_616_000_000;
const start = (nodes: readonly string[] = NODES): Map<string, NodeHealth> =>
  new Map(fleet(nodes).map((n) => [n.name, initialHealth(n.name, n.services, T0)]));
const meta = JSON.parse(text('lab-meta.json')) as { capturedAt: number; queries: { name: string; promql: string }[] };

describe('parseQueryBody on real answers', () => {
  const truncated = text('lab-up.json').slice(0, 120);
  const notNumber = text('lab-gauges.json').replace('"45"', '"warm"');
  const noData = '{"status":"success"}';
  it.each([
    ['lab-up.json', 200, text('lab-up.json'), { ok: true, count: 5 }],
    ['lab-gauges.json', 200, text('lab-gauges.json'), { ok: true, count: 62 }],
    ['lab-services.json (no systemd in the lab)', 200, text('lab-services.json'), { ok: true, count: 0 }],
    ['error-bad-data.json', 400, text('error-bad-data.json'), { ok: false, reason: 'Prometheus refused the query: bad_data: invalid parameter "query": 1:33: parse error: unclosed left parenthesis' }],
    ['not-found.txt', 404, text('not-found.txt'), { ok: false, reason: 'Prometheus answered HTTP 404 with something that is not JSON: "404 page not found"' }],
    ['scalar.json', 200, text('scalar.json'), { ok: false, reason: 'Prometheus answered a scalar, not a vector' }],
    ['lab-up.json cut short', 200, truncated, { ok: false, reasonStarts: 'Prometheus answered HTTP 200 with something that is not JSON' }],
    ['a sample that is not a number', 200, notNumber, { ok: false, reason: 'Prometheus sent a sample value that is not a number: "warm"' }],
    ['success without data', 200, noData, { ok: false, reasonStarts: 'not a Prometheus API answer at data' }],
    ['an HTML page', 200, '<html>Prometheus Time Series Collection</html>', { ok: false, reasonStarts: 'Prometheus answered HTTP 200 with something that is not JSON' }],
  ] as const)('%s', (_name, status, body, expected) => {
    const result = parseQueryBody(status, body);
    expect(result.ok).toBe(expected.ok);
    if (result.ok && 'count' in expected) expect(result.value).toHaveLength(expected.count);
    if (!result.ok && 'reason' in expected) expect(result.reason).toBe(expected.reason);
    if (!result.ok && 'reasonStarts' in expected) expect(result.reason.startsWith(expected.reasonStarts)).toBe(true);
  });

  it('reads NaN and Inf as numbers, and the query time in ms', () => {
    const result = parseQueryBody(200, '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1796616153.84,"NaN"]},{"metric":{},"value":[1.5,"+Inf"]}]}}');
    expect(result.ok && result.value.map((s) => [s.at, s.value])).toEqual([[1796616153840, Number.NaN], [1500, Number.POSITIVE_INFINITY]]);
  });
});

describe('healthQueries', () => {
  it('are the queries the fixtures were captured with: a handful for the whole fleet', () => {
    expect(healthQueries(spec(), ['haproxy', 'nginx', 'webapp'])).toEqual(meta.queries);
  });

  it('stay six queries at 200 nodes, each selecting every node at once', () => {
    const many = Array.from({ length: 200 }, (_, i) => `node${i + 1}`);
    const queries = healthQueries(spec(many), ['nginx']);
    expect(queries).toHaveLength(6);
    for (const q of queries) expect(q.promql).toContain('node=~"node1|node2|');
  });

  it('quote label values and escape regex characters (an instance is an address:port)', () => {
    const s: MetricsSpec = { ...spec(), label: 'instance', labelValues: new Map([['p1', '10.0.0.1:9100']]), labels: { job: 'no"de\\x' } };
    const [up] = healthQueries(s, []);
    expect(up?.promql).toBe('max by (instance) (up{instance=~"10\\\\.0\\\\.0\\\\.1:9100",job="no\\"de\\\\x"})');
  });

  it('leave out the systemd query when no node has services', () => {
    expect(healthQueries(spec(), []).map((q) => q.name)).toEqual(['up', 'sampledAt', 'gauges', 'cpu', 'network']);
  });
});

describe('stepFleetHealth on the lab', () => {
  const now = meta.capturedAt;
  const byName = (rows: ReturnType<typeof stepFleetHealth>) => new Map(rows.map((r) => [r.node, r]));

  it('gives every node its readings stamped with its own last scrape, not the query time', () => {
    const rows = byName(stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now));
    const sampled = parseQueryBody(200, text('lab-sampledAt.json'));
    if (!sampled.ok) throw new Error(sampled.reason);
    for (const node of NODES) {
      const row = rows.get(node);
      const sample = sampled.value.find((s) => s.labels['node'] === node);
      const stamp = sample?.value ?? 0;
      expect(row?.presence).toBe('scraped');
      expect(row?.health.origin).toEqual({ source: 'prometheus', sampledAt: Math.round(stamp * 1000) });
      expect(row?.health.load.state === 'ok' && row.health.load.at).toBe(Math.round(stamp * 1000));
      // The scrape is older than the query's evaluation: its age is what the screens show.
      expect(Math.round(stamp * 1000)).toBeLessThan(sample?.at ?? 0);
    }
  });

  it.each([
    ['pi3', 82.2, 600e6, 1200e6],
    ['p1', 45, 1000e6, 1000e6],
  ])('%s: temperature %s °C and clock through node_exporter\'s thermal_zone and cpufreq', (node, celsius, hz, maxHz) => {
    const h = byName(stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now)).get(node)?.health;
    expect(valueOf(h!.temperature)).toEqual({ celsius, source: 'thermal-zone' });
    expect(valueOf(h!.armClock)).toEqual({ hz, source: 'cpufreq' });
    expect(valueOf(h!.armClockMax)).toEqual({ hz: maxHz, source: 'cpufreq' });
  });

  it('reads CPU per core, load, memory, disk, network and uptime; names what node_exporter has not', () => {
    const h = byName(stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now)).get('head')!.health;
    const cpu = valueOf(h.cpu)!;
    expect(cpu.cores.length).toBeGreaterThan(0);
    for (const c of cpu.cores) expect(c.busyPercent).toBeGreaterThanOrEqual(0);
    expect(valueOf(h.load)!.load1).toBeGreaterThanOrEqual(0);
    const memory = valueOf(h.memory)!;
    expect(memory.usedBytes + memory.availableBytes).toBe(memory.totalBytes);
    expect(valueOf(h.disk)!.usedPercent).toBeGreaterThan(0);
    expect(valueOf(h.network)!.interfaces.map((i) => i.name)).not.toContain('lo');
    expect(valueOf(h.uptimeSeconds)).toBeGreaterThan(0);
    expect(h.temperature).toEqual({ state: 'unknown', reason: 'Prometheus has no node_thermal_zone_temp (thermal_zone collector) for head' });
    expect(h.throttling.state).toBe('unknown');
    expect(h.services[0]).toEqual({ name: 'haproxy', state: { state: 'unknown', reason: 'Prometheus has no node_systemd_unit_state for haproxy.service (systemd collector) for head' } });
  });

  it('a node whose node_exporter is down: its last values, stale, with their age and why', () => {
    const first = stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now);
    const previous = new Map(first.map((r) => [r.node, r.health]));
    const rows = byName(stepFleetHealth(spec(), fleet(), previous, answersOf('p2-exporter-stopped'), now + 11_000));
    const p2 = rows.get('p2')!;
    expect(p2.presence).toBe('failing');
    expect(p2.health.load.state).toBe('stale');
    expect(p2.health.origin?.sampledAt).toBe(previous.get('p2')?.origin?.sampledAt);
    expect(p2.health.origin?.note).toBe("Prometheus cannot scrape p2's node_exporter (up 0)");
    expect(rows.get('p1')?.presence).toBe('scraped');
  });

  it('a node Prometheus has no target for is absent (the source falls back to SSH for it)', () => {
    const nodes = [...NODES, 'p9'];
    const rows = byName(stepFleetHealth(spec(nodes), fleet(nodes), start(nodes), answersOf('lab'), now));
    expect(rows.get('p9')?.presence).toBe('absent');
    expect(rows.get('p9')?.health.origin?.note).toBe('Prometheus has no target for p9 (node="p9")');
  });

  it.each([
    ['unreachable', failure('Prometheus at http://127.0.72.1:9090: connection refused')],
    ['refusing', parseQueryBody(400, text('error-bad-data.json'))],
    ['not Prometheus', parseQueryBody(404, text('not-found.txt'))],
  ])('Prometheus %s: every node keeps its last values, stale, and says why', (_name, up) => {
    const first = stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now);
    const previous = new Map(first.map((r) => [r.node, r.health]));
    const rows = stepFleetHealth(spec(), fleet(), previous, { up }, now + 5000);
    for (const row of rows) {
      expect(row.presence).toBe('unanswered');
      expect(row.health.cpu.state).toBe('stale');
      expect(row.health.origin?.sampledAt).toBe(previous.get(row.node)?.origin?.sampledAt);
      expect(row.health.origin?.note).toBe(up.ok ? '' : up.reason);
    }
  });

  it('one failed query makes only its metrics stale', () => {
    const first = stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now);
    const previous = new Map(first.map((r) => [r.node, r.health]));
    const answers = { ...answersOf('lab'), cpu: parseQueryBody(400, text('error-bad-data.json')) };
    const p1 = stepFleetHealth(spec(), fleet(), previous, answers, now + 1000).find((r) => r.node === 'p1')!.health;
    expect(p1.cpu.state).toBe('stale');
    expect(p1.load.state).toBe('ok');
  });
});

describe('nodesToRead: only nodes scraped since their health was read', () => {
  const now = meta.capturedAt;
  const read = () => new Map(stepFleetHealth(spec(), fleet(), start(), answersOf('lab'), now).map((r) => [r.node, r.health]));
  it.each([
    ['never read: every node', () => start(), 'lab', NODES],
    ['read from these very scrapes: none', read, 'lab', []],
    ['p2\'s exporter stopped since, the others scraped again: all', read, 'p2-exporter-stopped', NODES],
  ] as const)('%s', (_name, previous, prefix, expected) => {
    expect(nodesToRead(spec(), fleet(), previous(), answersOf(prefix))).toEqual(expected);
  });

  it('Prometheus not answering: every node (to be marked stale)', () => {
    expect(nodesToRead(spec(), fleet(), read(), { up: failure('Prometheus at x: connection refused') })).toEqual(NODES);
  });

  it('specFor narrows the heavy queries to those nodes', () => {
    const [, , gauges] = healthQueries(specFor(spec(), ['p2', 'pi3']), []);
    expect(gauges?.promql).toContain('node=~"p2|pi3"');
  });
});
