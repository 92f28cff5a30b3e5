import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepHealth } from '../../src/core/health/health-step.js';
import { readMissing, readValue } from '../../src/core/health/metric.js';
import { initialHealth, type NodeHealth, type RawReads } from '../../src/core/health/node-health.js';
import { aggregateStats } from '../../src/core/haproxy/stat-aggregate.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { statRates } from '../../src/core/haproxy/stat-rates.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import type { NodeSpec, Profile } from '../../src/core/profile/profile.js';
import { buildStatusReport, type HaproxyProbeResult, type NodeProbeResult } from '../../src/core/status/status-report.js';
import { armClock, perSecond, throttling, usedOfTotal } from '../../src/views/cli/status-format.js';
import { renderStatus } from '../../src/views/cli/status-view.js';
import { decodeThrottling } from '../../src/core/health/throttling.js';
import { fixture } from './health-fixtures.js';

const T0 = 1_700_000_000_000;
const control = { restart: 'true', isActive: 'true' };
const node = (name: string, role: 'head' | 'worker', services: string[]): NodeSpec => ({
  name,
  role,
  address: `127.0.40.${role === 'head' ? 1 : 11}`,
  model: role === 'head' ? 'Pi 4' : 'Pi Zero',
  ssh: {},
  services,
  serviceControl: control,
  servers: role === 'head' ? [] : [{ backend: 'web', server: name }],
});
const head = node('head', 'head', ['haproxy']);
const zero = node('p1', 'worker', ['nginx', 'webapp']);
const other = { ...node('p2', 'worker', ['nginx', 'webapp']), address: '127.0.40.12' };
const profile: Profile = {
  name: 'test',
  file: '/tmp/test.yaml',
  knownHostsFiles: [],
  head,
  haproxy: { sockets: ['/run/haproxy/admin.sock'], backends: ['web'], config: '/etc/haproxy/haproxy.cfg' },
  workers: [zero, other],
  nodes: [head, zero, other],
  urls: { nginx: 'http://{address}:80', app: 'http://{address}:8080' },
  loadTests: [],
};

/** Two polls of a Pi Zero, as `picon status` takes them (services on the first). */
function piZeroHealth(): NodeHealth {
  const first: RawReads = {
    stat: readValue(fixture('pi/zero-stat.1')),
    loadavg: readValue(fixture('pi/zero-loadavg')),
    meminfo: readValue(fixture('pi/meminfo-zero')),
    netDev: readValue(fixture('pi/zero-net-dev.1')),
    uptime: readValue(fixture('pi/zero-uptime')),
    disk: readValue({ f_bsize: 4096, f_frsize: 4096, f_blocks: 1000, f_bfree: 600, f_bavail: 550 }),
    temperature: { source: 'thermal-zone', read: readValue(fixture('pi/thermal_zone0-temp')) },
    armClock: { source: 'cpufreq', read: readValue(fixture('pi/scaling_cur_freq')) },
    armClockMax: { source: 'cpufreq', read: readValue(fixture('pi/cpuinfo_max_freq')) },
    throttling: { source: 'sysfs', read: readValue(fixture('pi/sysfs-get_throttled')) },
    board: readValue(fixture('pi/device-tree-model')),
    services: readValue({ nginx: { code: 3, output: 'inactive' }, webapp: { code: 0, output: 'active' } }),
  };
  const second: RawReads = { stat: readValue(fixture('pi/zero-stat.2')), netDev: readValue(fixture('pi/zero-net-dev.2')) };
  return stepHealth(stepHealth(initialHealth('p1', ['nginx', 'webapp'], T0), first, T0 + 100), second, T0 + 1100);
}

/** One poll of a host with no Pi sensors: rates still need a second sample. */
function onePollHostHealth(): NodeHealth {
  const missing = readMissing('head has no /sys/class/thermal/thermal_zone0/temp');
  return stepHealth(initialHealth('head', ['haproxy'], T0), {
    stat: readValue(fixture('host/stat.1')),
    loadavg: readValue(fixture('host/loadavg')),
    meminfo: readValue(fixture('host/meminfo')),
    uptime: readValue(fixture('host/uptime')),
    temperature: { source: 'thermal-zone', read: missing },
    services: readValue({ haproxy: { code: 127, output: 'sh: 1: systemctl: not found' } }),
  }, T0 + 100);
}

const labStat = readFileSync(new URL('../fixtures/lab/show-stat.csv', import.meta.url), 'utf8');
/** The lab's captured rows, with p2 having served 10 requests. */
const captured = parseStatCsv(labStat).records.map((r) => (r.service === 'p2' ? { ...r, requestsTotal: 10, totalSessions: 10 } : r));
const records = aggregateStats([{ process: 'worker 1', records: captured }]);
/** The same rows 0.5 s later, with 50 more requests on p1 and p2's counters back at 0 (a reload). */
function later(r: StatRecord): StatRecord {
  if (r.service === 'p1' || r.service === 'BACKEND' || r.service === 'FRONTEND') {
    return { ...r, requestsTotal: (r.requestsTotal ?? 0) + 50, totalSessions: (r.totalSessions ?? 0) + 5 };
  }
  if (r.service === 'p2') return { ...r, requestsTotal: 0, totalSessions: 0 };
  return r;
}
const laterRecords = aggregateStats([{ process: 'worker 1', records: captured.map(later) }]);
const haproxyOk: HaproxyProbeResult = {
  ok: true,
  version: '2.6.12',
  records: laterRecords,
  problems: [],
  rates: statRates({ atMs: 0, records }, { atMs: 500, records: laterRecords }),
  rateIntervalMs: 500,
};

const nodes = new Map<string, NodeProbeResult>([
  ['head', { reachable: true, health: onePollHostHealth() }],
  ['p1', { reachable: true, health: piZeroHealth() }],
  ['p2', { reachable: false, error: { kind: 'refused', message: 'p2: connection refused (127.0.40.12:22)' } }],
]);

describe('the status report with node health', () => {
  const report = buildStatusReport(profile, nodes, haproxyOk);
  const byName = new Map(report.nodes.map((n) => [n.name, n]));

  it('shows a Pi Zero\'s CPU, memory, disk, sensors, throttling and services after two polls', () => {
    const p1 = byName.get('p1')!;
    expect(p1).toMatchObject({
      reachable: true,
      board: 'Raspberry Pi Zero W Rev 1.1',
      cpu: { busyPercent: 80, iowaitPercent: 0, cores: [{ cpu: 0, busyPercent: 80 }] },
      memory: { usedBytes: (443208 - 339120) * 1024, availableBytes: 339120 * 1024, totalBytes: 443208 * 1024 },
      disk: { usedBytes: 400 * 4096, totalBytes: 1000 * 4096 },
      network: { rxBytesPerSecond: 100_000, txBytesPerSecond: 20_000 },
      temperatureCelsius: 48.312,
      armClockHz: 700_000_000,
      armClockMaxHz: 1_000_000_000,
      uptimeSeconds: 151210.42,
      load: [1.21, 0.98, 0.77],
    });
    // 0x50005: under-voltage and throttled, now and since boot.
    expect(p1.throttling).toEqual({
      raw: 0x50005,
      now: { underVoltage: true, armFrequencyCapped: false, throttled: true, softTemperatureLimit: false },
      sinceBoot: { underVoltage: true, armFrequencyCapped: false, throttled: true, softTemperatureLimit: false },
    });
    expect(p1.services).toEqual([
      { name: 'nginx', running: false, detail: 'inactive' },
      { name: 'webapp', running: true, detail: 'active' },
    ]);
    expect(p1.metricNotes).toEqual({});
  });

  it('leaves what is not known null and says why: no sensor, one sample, a check that could not run', () => {
    const h = byName.get('head')!;
    expect(h).toMatchObject({ cpu: null, network: null, temperatureCelsius: null, throttling: null, board: null });
    expect(h.memory?.totalBytes).toBeGreaterThan(0);
    expect(h.metricNotes).toMatchObject({
      cpu: 'CPU use needs a second sample',
      temperature: 'head has no /sys/class/thermal/thermal_zone0/temp',
      throttling: 'not read yet',
    });
    expect(h.services).toEqual([{ name: 'haproxy', running: null, detail: 'the check of haproxy could not run (exit 127: sh: 1: systemctl: not found)' }]);
  });

  it('gives an unreachable node no readings and its services no state, with the reason', () => {
    expect(byName.get('p2')).toMatchObject({
      reachable: false,
      errorKind: 'refused',
      cpu: null,
      memory: null,
      uptimeSeconds: null,
      load: null,
      services: [
        { name: 'nginx', running: null, detail: 'p2: connection refused (127.0.40.12:22)' },
        { name: 'webapp', running: null, detail: 'p2: connection refused (127.0.40.12:22)' },
      ],
    });
  });

  it('shows per-second rates per server, backend and frontend; a counter that went down has none', () => {
    const server = (name: string) => report.haproxy.servers.find((s) => s.server === name);
    expect(server('p1')).toMatchObject({ node: 'p1', status: 'UP', requestsPerSecond: 100, sessionsPerSecond: 10 });
    expect(server('p2')).toMatchObject({ requestsPerSecond: null, sessionsPerSecond: null });
    expect(server('p3')).toMatchObject({ requestsPerSecond: 0, http5xxPerSecond: 0 });
    expect(report.haproxy.frontends).toEqual([expect.objectContaining({ name: 'http', status: 'OPEN', requestsPerSecond: 100 })]);
    expect(report.haproxy.backends).toEqual([expect.objectContaining({ name: 'web', status: 'UP', requestsPerSecond: 100 })]);
    expect(report.haproxy.rateIntervalMs).toBe(500);
  });

  it("carries HAProxy's check description (check_desc) per server, as the console's details show it", () => {
    expect(report.haproxy.servers.map((s) => [s.server, s.checkStatus, s.checkDescription])).toEqual([
      ['p1', 'L7OK', 'Layer7 check passed'],
      ['p2', 'L7OK', 'Layer7 check passed'],
      ['p3', 'L7OK', 'Layer7 check passed'],
      ['pi3', 'L7OK', 'Layer7 check passed'],
    ]);
  });

  it('has no rates when only one `show stat` was read', () => {
    const single = buildStatusReport(profile, nodes, { ok: true, records, problems: [] });
    expect(single.haproxy.servers.every((s) => s.requestsPerSecond === null && s.sessionsPerSecond === null)).toBe(true);
    expect(single.haproxy.rateIntervalMs).toBeNull();
  });

  it('keeps every field of the earlier JSON shape (fields are only added)', () => {
    const nodeKeys = ['name', 'role', 'model', 'address', 'reachable', 'error', 'errorKind', 'uptimeSeconds', 'load'];
    const serverKeys = ['backend', 'server', 'node', 'status', 'weight', 'currentSessions', 'checkStatus', 'lastChangeSeconds'];
    const json = JSON.parse(JSON.stringify(report)) as { nodes: object[]; haproxy: { servers: object[] } & object };
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['profile', 'nodes', 'haproxy']));
    for (const n of json.nodes) expect(Object.keys(n)).toEqual(expect.arrayContaining(nodeKeys));
    expect(Object.keys(json.haproxy)).toEqual(expect.arrayContaining(['reachable', 'error', 'version', 'servers', 'warnings']));
    for (const s of json.haproxy.servers) expect(Object.keys(s)).toEqual(expect.arrayContaining(serverKeys));
  });
});

describe('the status table', () => {
  const text = renderStatus(buildStatusReport(profile, nodes, haproxyOk));

  it('shows CPU and memory beside reachability, and "-" where a value is not known', () => {
    expect(text).toMatch(/^p1\s+worker\s+Pi Zero\s+127\.0\.40\.11\s+up\s+1d 18h\s+1\.21 0\.98 0\.77\s+80%\s+102 MiB\/433 MiB$/m);
    expect(text).toMatch(/^head\s+head\s+Pi 4\s+127\.0\.40\.1\s+up\s+5m 6s\s+0\.02 0\.08 0\.04\s+-\s+314 MiB\/24 GiB$/m);
    expect(text).toMatch(/^p2\s+worker\s+Pi Zero\s+127\.0\.40\.12\s+refused\s+-\s+-\s+-\s+-$/m);
  });

  it('shows temperature, clock, throttling in words and each service\'s state', () => {
    expect(text).toMatch(
      /^p1\s+1\.6 MiB\/3\.9 MiB 42%\s+48\.3°C\s+700\/1000 MHz\s+now: under-voltage, throttled; since boot: under-voltage, throttled\s+ssh, [\d.]+ s old\s+nginx STOPPED, webapp running$/m,
    );
    expect(text).toMatch(/^head\s+-\s+-\s+-\s+-\s+(ssh, [\d.]+ s old|-)\s+haproxy -$/m);
    expect(text).toMatch(/^p2\s+-\s+-\s+-\s+-\s+-\s+nginx -, webapp -$/m);
  });

  it('shows the frontend\'s and each server\'s requests per second', () => {
    expect(text).toContain('  frontend http: 100 req/s, 0 sessions, OPEN\n');
    expect(text).toMatch(/^web\s+p1\s+p1\s+UP\s+L7OK\s+1\s+0\s+\S+\s+100$/m);
    expect(text).toMatch(/^web\s+p2\s+p2\s+UP\s+L7OK\s+1\s+0\s+\S+\s+-$/m);
  });
});

describe('status cells', () => {
  it('memory and disk as used of total, in binary units', () => {
    expect(usedOfTotal({ usedBytes: 443208 * 1024, totalBytes: 25_276_063_744 })).toBe('433 MiB/24 GiB');
    expect(usedOfTotal(null)).toBe('-');
  });

  it.each([
    [0, 'none'],
    [0x50000, 'since boot: under-voltage, throttled'],
    [0x8, 'now: soft temperature limit'],
    [0x20002, 'now: ARM frequency capped; since boot: ARM frequency capped'],
  ])('throttling %i reads "%s"', (raw, text) => expect(throttling(decodeThrottling(raw))).toBe(text));

  it('rates below 10/s keep one decimal; a clock without a maximum has none', () => {
    expect([perSecond(2.54), perSecond(12.4), perSecond(0), perSecond(1234), perSecond(null)]).toEqual(['2.5', '12', '0', '1.2k', '-']);
    expect([armClock(600_000_000, null), armClock(600_000_000, 1e9), armClock(null, 1e9)]).toEqual(['600 MHz', '600/1000 MHz', '-']);
  });
});
