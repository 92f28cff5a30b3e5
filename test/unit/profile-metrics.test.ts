import { describe, expect, it } from 'vitest';
import { formatProfileError, parseProfile } from '../../src/core/profile/parse-profile.js';

/** `metrics:` — node health from Prometheus: what a profile may say, and the one line each mistake gets. */

const base = 'head: { name: lb, address: 10.0.0.1, haproxy: { sockets: [/run/a.sock] } }\nworkers: [{ name: w1, address: 10.0.0.11 }, { name: w2, address: 10.0.0.12 }]\n';
const parse = (metrics: string) => parseProfile(`${base}metrics: ${metrics}\n`, '/p/x.yaml', '/h', { displayFile: 'x.yaml' });

describe('profile metrics:', () => {
  it.each([
    ['{ prometheus: "http://prom:9090/" }', { label: 'instance', values: ['10.0.0.1:9100', '10.0.0.11:9100', '10.0.0.12:9100'], labels: {}, window: '1m', timeoutMs: 3000, url: 'http://prom:9090' }],
    ['{ prometheus: "https://prom", match: { label: node } }', { label: 'node', values: ['lb', 'w1', 'w2'], labels: {}, window: '1m', timeoutMs: 3000, url: 'https://prom' }],
    ['{ prometheus: "http://p", match: { label: host, value: "{name}.lan", labels: { job: node } }, window: 30s, timeoutSeconds: 1.5 }', { label: 'host', values: ['lb.lan', 'w1.lan', 'w2.lan'], labels: { job: 'node' }, window: '30s', timeoutMs: 1500, url: 'http://p' }],
  ])('%s', (metrics, expected) => {
    const result = parse(metrics);
    if (!result.ok) throw new Error(result.errors.map(formatProfileError).join('\n'));
    const m = result.profile.metrics;
    expect(m?.prometheus).toBe(expected.url);
    expect(m?.label).toBe(expected.label);
    expect([...(m?.labelValues.values() ?? [])]).toEqual(expected.values);
    expect(m?.labels).toEqual(expected.labels);
    expect(m?.window).toBe(expected.window);
    expect(m?.timeoutMs).toBe(expected.timeoutMs);
  });

  it.each([
    ['{ prometheus: "ftp://prom" }', 'x.yaml:3:24: metrics.prometheus: must be an http(s) URL of a Prometheus server (got "ftp://prom")'],
    ['{ match: { label: node } }', 'x.yaml:3:1: metrics.prometheus: is required'],
    ['{ prometheus: "http://p", match: { label: "1st" } }', 'x.yaml:3:52: metrics.match.label: must be a Prometheus label name (letters, digits, _; not starting with a digit) (got "1st")'],
    ['{ prometheus: "http://p", match: { value: "{host}:9100" } }', 'x.yaml:3:52: metrics.match.value: unknown placeholder {host} (allowed: {name}, {address})'],
    ['{ prometheus: "http://p", match: { label: node, labels: { node: x } } }', 'x.yaml:3:74: metrics.match.labels.node: is match.label already; give its value per node in match.value'],
    ['{ prometheus: "http://p", window: 5 minutes }', 'x.yaml:3:44: metrics.window: must be a PromQL duration such as 30s or 1m (got "5 minutes")'],
    ['{ prometheus: "http://p", promql: yes }', 'x.yaml:3:36: metrics.promql: unknown field (fields here: prometheus, match, window, timeoutSeconds)'],
  ])('%s → one line naming the field', (metrics, line) => {
    const result = parse(metrics);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map(formatProfileError)).toEqual([line]);
  });
});
