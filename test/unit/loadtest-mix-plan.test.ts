import { describe, expect, it } from 'vitest';
import { formatProfileError, parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { kindCounts, mixSchedule } from '../../src/core/loadtest/mix.js';
import { planRun, type RunOverrides } from '../../src/core/loadtest/run-plan.js';
import { pemCertificateProblem, planTls, type TlsInput } from '../../src/core/loadtest/tls-plan.js';
import { prepareRun } from '../../src/core/loadtest/prepared-run.js';

/** Mixed presets and https choices: the profile's rules, the plan's, and the order a mix is sent in. */

const HEAD = `head:
  address: 10.0.0.1
  haproxy:
    sockets: [/run/haproxy/admin.sock]
    frontendUrl: http://10.0.0.1/
    frontendHttpsUrl: https://10.0.0.1/
workers:
  - { name: p1, address: 10.0.0.11 }
`;

function parse(extra: string) {
  return parseProfile(`${HEAD}${extra}`, '/p/x.yaml', '/home/t', { displayFile: 'x.yaml' });
}

function profileWith(extra: string): Profile {
  const parsed = parse(extra);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatProfileError).join('\n'));
  return parsed.profile;
}

const MIX = `loadTests:
  - name: m
    mix:
      - { name: home, weight: 70, path: / }
      - { name: work, weight: 25, path: /api/work }
      - { name: write, weight: 5, method: POST, path: /api/write, headers: { Content-Type: text/plain }, body: hello }
`;

describe('profile: a mix, https and tls.ca — bad input is one line naming the field', () => {
  const big = 'x'.repeat(64 * 1024 + 1);
  const cases: [string, string, string][] = [
    ['zero total weight', 'loadTests:\n  - name: m\n    mix: [{ weight: 0, path: / }, { weight: 0, path: /a }]\n', 'loadTests[0].mix: the weights add up to 0; give at least one request a weight above 0 (got a list)'],
    ['an unknown method', 'loadTests:\n  - name: m\n    mix: [{ weight: 1, method: PATCH, path: / }]\n', 'loadTests[0].mix[0].method: must be one of "GET", "HEAD", "POST", "PUT", "DELETE" (got "PATCH")'],
    ['an unknown method on the preset', 'loadTests:\n  - name: m\n    method: FETCH\n', 'loadTests[0].method: must be one of "GET", "HEAD", "POST", "PUT", "DELETE" (got "FETCH")'],
    ['a body too large', `loadTests:\n  - name: m\n    mix: [{ weight: 1, method: POST, path: /, body: ${big} }]\n`, 'loadTests[0].mix[0].body: is 65537 bytes; a body may be at most 65536 bytes (64 KiB) (got "xxxxxxxxxxxxxxxxxxxx…")'],
    ["a preset's body too large", `loadTests:\n  - name: m\n    method: POST\n    body: ${big}\n`, 'loadTests[0].body: is 65537 bytes; a body may be at most 65536 bytes (64 KiB) (got "xxxxxxxxxxxxxxxxxxxx…")'],
    ['a negative weight', 'loadTests:\n  - name: m\n    mix: [{ weight: -1, path: / }]\n', 'loadTests[0].mix[0].weight: must be at least 0 (got -1)'],
    ['a fractional weight', 'loadTests:\n  - name: m\n    mix: [{ weight: 0.5, path: / }]\n', 'loadTests[0].mix[0].weight: must be a whole number (got 0.5)'],
    ['no weight', 'loadTests:\n  - name: m\n    mix: [{ path: / }]\n', 'loadTests[0].mix[0].weight: is required'],
    ['an empty mix', 'loadTests:\n  - name: m\n    mix: []\n', 'loadTests[0].mix: needs at least 1 item'],
    ['a bad path in a mix', 'loadTests:\n  - name: m\n    mix: [{ weight: 1, path: "/a b" }]\n', 'loadTests[0].mix[0].path: has a space at character 3; percent-encode it as %20 (got "/a b")'],
    ['the same kind twice', 'loadTests:\n  - name: m\n    mix: [{ weight: 1, path: / }, { weight: 2, path: / }]\n', 'loadTests[0].mix[1].name: is in the mix twice; give each a name (got "GET /")'],
    ['a mix beside a method', 'loadTests:\n  - name: m\n    method: POST\n    mix: [{ weight: 1, path: / }]\n', "loadTests[0].mix: a mix gives each request its own method and body; move the preset's method and body into the mix"],
    ['https on an nginx target', 'loadTests:\n  - name: m\n    target: nginx\n    node: p1\n    https: true\n', 'loadTests[0].https: https is for target "frontend" (head.haproxy.frontendHttpsUrl); for nginx, give an https URL in urls.nginx'],
    ['an empty tls.ca', 'tls: { ca: "" }\n', 'tls.ca: must not be empty (got "")'],
  ];
  it('a misspelt tls field: the field it lacks and the one it does not know', () => {
    const parsed = parse('tls: { cafile: /x }\n');
    expect(!parsed.ok && parsed.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['tls.ca: is required', 'tls.cafile: unknown field (fields here: ca)']);
  });

  it.each(cases)('%s', (_what, extra, line) => {
    const parsed = parse(extra);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const lines = parsed.errors.map(formatProfileError).map((l) => l.replace(/^x\.yaml(:\d+:\d+)?: /, ''));
    expect(lines).toEqual([line]);
  });

  it('reads a mix, https and tls.ca (made absolute against the profile)', () => {
    const p = profileWith(`tls: { ca: certs/ca.pem }\n${MIX}`);
    expect(p.tls).toEqual({ ca: '/p/certs/ca.pem' });
    expect(p.haproxy.frontendHttpsUrl).toBe('https://10.0.0.1/');
  });
});

describe('planRun: a mix and https', () => {
  const profile = profileWith(`tls: { ca: /etc/ca.pem }\n${MIX}  - { name: secure, https: true }\n  - { name: one, path: /x }\n`);
  const plan = (preset: string | undefined, o: RunOverrides = {}) => planRun(profile, preset, o);

  const refused: [string, string | undefined, RunOverrides, string][] = [
    ['ab with a mix', 'm', { engine: 'ab' }, 'preset "m" is a mix of requests, which ab cannot send (it repeats one request); use --engine builtin'],
    ['ab on https without --insecure', 'secure', { engine: 'ab' }, 'ab does not check the certificate of https://10.0.0.1/; add --insecure to run it unchecked, or use the built-in engine (which checks it, with --ca FILE for a private CA)'],
    ['ab with --ca', 'secure', { engine: 'ab', ca: '/x/ca.pem' }, '--ca: ab cannot check a certificate against a CA; use the built-in engine, or --insecure to let ab run unchecked'],
    ['--ca and --insecure', 'secure', { ca: '/x/ca.pem', insecure: true }, 'give --ca FILE or --insecure, not both'],
    ['--ca on http', 'one', { ca: '/x/ca.pem' }, '--ca is for an https target; http://10.0.0.1/x is plain http'],
    ['--insecure on http', undefined, { url: 'http://h/', insecure: true }, '--insecure is for an https target; http://h/ is plain http'],
  ];
  it.each(refused)('refuses %s', (_what, preset, o, reason) => {
    expect(plan(preset, o)).toEqual({ ok: false, reason });
  });

  it("takes the profile's CA for https, --ca over it, and --insecure instead of either", () => {
    const secure = plan('secure');
    expect(secure.ok && secure.value).toMatchObject({ url: 'https://10.0.0.1/', ca: '/etc/ca.pem' });
    const flag = plan('secure', { ca: '/x/ca.pem' });
    expect(flag.ok && flag.value.ca).toBe('/x/ca.pem');
    const insecure = plan('secure', { insecure: true });
    expect(insecure.ok && [insecure.value.ca, insecure.value.insecure]).toEqual([undefined, true]);
    const ab = plan('secure', { engine: 'ab', insecure: true });
    expect(ab.ok && ab.value.insecure).toBe(true);
    const http = plan('one');
    expect(http.ok && 'ca' in http.value).toBe(false);
  });

  it('plans a mix with each kind named, weighted, headers merged', () => {
    const m = plan('m');
    if (!m.ok) throw new Error(m.reason);
    expect(m.value.mix).toEqual([
      { name: 'home', weight: 70, method: 'GET', path: '/', headers: {} },
      { name: 'work', weight: 25, method: 'GET', path: '/api/work', headers: {} },
      { name: 'write', weight: 5, method: 'POST', path: '/api/write', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
    ]);
    const prepared = prepareRun(m.value);
    if (!prepared.ok) throw new Error(prepared.reason);
    const text = prepared.run.mix?.requests.map((r) => new TextDecoder().decode(r.bytes).split('\r\n')[0]);
    expect(text).toEqual(['GET / HTTP/1.1', 'GET /api/work HTTP/1.1', 'POST /api/write HTTP/1.1']);
    expect(new TextDecoder().decode(prepared.run.mix?.requests[2]?.bytes)).toMatch(/Content-Length: 5\r\n\r\nhello$/);
  });
});

describe('mixSchedule', () => {
  const cases: [number[], number[]][] = [
    [[1], [1]],
    [[70, 25, 5], [14, 5, 1]],
    [[1, 1], [1, 1]],
    [[3, 0, 1], [3, 0, 1]],
    [[0, 0], [0, 0]],
  ];
  it.each(cases)('weights %j: a period holding each kind as often as %j', (weights, perPeriod) => {
    const order = mixSchedule(weights);
    expect(order.length).toBe(perPeriod.reduce((s, n) => s + n, 0));
    expect(weights.map((_, k) => order.filter((x) => x === k).length)).toEqual(perPeriod);
  });

  it('spreads a kind out: 70/25/5 never sends the 5 % twice in a period, nor more than 3 homes in a row', () => {
    const order = mixSchedule([70, 25, 5]);
    const runs = order.join('').match(/0+/g) ?? [];
    expect(Math.max(...runs.map((r) => r.length))).toBeLessThanOrEqual(3);
  });

  it('kindCounts: a short run keeps the mix as close as whole requests allow', () => {
    const order = mixSchedule([70, 25, 5]);
    expect(kindCounts(order, 3, 400)).toEqual([280, 100, 20]);
    expect(kindCounts(order, 3, 20)).toEqual([14, 5, 1]);
    const ten = kindCounts(order, 3, 10);
    expect(ten[0]).toBeGreaterThanOrEqual(6);
    expect(ten[1]).toBeGreaterThanOrEqual(2);
  });
});

describe('planTls and the CA file text', () => {
  const base: TlsInput = { url: 'https://h/', engine: 'builtin' };
  it.each<[string, TlsInput, unknown]>([
    ['https, nothing given', base, { ok: true, value: {} }],
    ['https, the profile CA', { ...base, profileCa: '/p/ca.pem' }, { ok: true, value: { ca: '/p/ca.pem' } }],
    ['https, --insecure beats the profile CA', { ...base, profileCa: '/p/ca.pem', insecure: true }, { ok: true, value: { insecure: true } }],
    ['http, the profile CA is not used', { ...base, url: 'http://h/', profileCa: '/p/ca.pem' }, { ok: true, value: {} }],
  ])('%s', (_what, input, expected) => {
    expect(planTls(input)).toEqual(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['a certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', undefined],
    ['two certificates', '-----BEGIN CERTIFICATE-----\na\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nb\n-----END CERTIFICATE-----\n', undefined],
    ['a key', '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n', 'is a private key, not a CA certificate'],
    ['text', 'hello', 'is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)'],
    ['a cut certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n', 'has a certificate with no "-----END CERTIFICATE-----" line'],
  ])('%s', (_what, text, problem) => {
    expect(pemCertificateProblem(text)).toBe(problem);
  });
});

describe('a mixed run in the history and in --json', () => {
  const kind = (name: string, completed: number) => ({
    name, method: 'GET', path: '/', weight: 1, completed, failed: 0, non2xx: 0, statuses: { 200: completed },
    meanTimePerRequestMs: 1.5, latency: { p50Ms: 1, p95Ms: 2, p99Ms: 3, maxMs: 4 },
  });
  const record = {
    version: 1, id: '20261207-010000-abc', startedAt: '2026-12-07T01:00:00.000Z', profile: 'lab', label: 'Cluster',
    plan: { url: 'http://h/', preset: 'm', target: 'frontend', method: 'GET', concurrency: 4, limit: { kind: 'requests', requests: 2 }, keepAlive: true, headers: {}, engine: 'builtin',
      mix: [{ name: 'a', weight: 1, method: 'POST', path: '/w', headers: {}, bodyBytes: 3 }] },
    result: { engine: 'builtin', target: 'http://h/', concurrency: 4, requestsPerSecond: 10, meanTimePerRequestMs: 1.5, latency: { p50Ms: 1, p95Ms: 2, p99Ms: 3, maxMs: 4 },
      completed: 2, failed: 0, non2xx: 0, transferBytesPerSecond: 100, durationSeconds: 0.2, kinds: [kind('a', 2)] },
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false,
  };

  it('reads back from a history line, kinds and all; a record from before kinds reads as before', async () => {
    const { parseHistoryLine } = await import('../../src/core/loadtest/run-record.js');
    const read = parseHistoryLine(JSON.stringify(record));
    expect(read.ok && read.value.result.kinds?.[0]?.statuses).toEqual({ 200: 2 });
    const { kinds: _k, ...oldResult } = record.result;
    const { mix: _m, ...oldPlan } = record.plan;
    const old = parseHistoryLine(JSON.stringify({ ...record, plan: oldPlan, result: oldResult }));
    expect(old.ok && old.value.result.kinds).toBeUndefined();
  });

  it('fits schema/bench-run; a kind without its statuses does not', async () => {
    const { benchRunOutputSchema } = await import('../../src/core/json-output/bench-output.js');
    expect(benchRunOutputSchema.safeParse({ schemaVersion: 1, ...record }).success).toBe(true);
    const { statuses: _s, ...broken } = kind('a', 2);
    expect(benchRunOutputSchema.safeParse({ schemaVersion: 1, ...record, result: { ...record.result, kinds: [broken] } }).success).toBe(false);
  });
});
