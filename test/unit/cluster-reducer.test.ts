import { describe, expect, it } from 'vitest';
import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import { initialClusterState, MAX_EVENTS, type ClusterState } from '../../src/core/cluster/cluster-state.js';
import { initialHealth } from '../../src/core/health/node-health.js';
import { decodeThrottling } from '../../src/core/health/throttling.js';
import { aggregateStats, type AggregatedRecord } from '../../src/core/haproxy/stat-aggregate.js';
import { parseShowInfo } from '../../src/core/haproxy/show-info.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { parseServerStatus } from '../../src/core/haproxy/server-status.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { haproxyFixture } from './haproxy-fixtures.js';

const PROFILE = `
head: { address: 127.0.0.1, haproxy: { sockets: [/run/admin.sock], backends: [web] } }
workers:
  - { name: s1, address: 127.0.0.2 }
  - { name: s2, address: 127.0.0.3 }
  - { name: w3, address: 127.0.0.4, servers: [web/s3] }
`;

function profile(): Profile {
  const r = parseProfile(PROFILE, '/tmp/t.yaml', '/root');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.profile;
}

const captured = (): AggregatedRecord[] =>
  aggregateStats([{ process: 'p1', records: parseStatCsv(haproxyFixture('2.6/show-stat.csv')).records }]);

/** The captured poll with some counters moved on, as the next poll would show. */
function later(records: readonly AggregatedRecord[], change: Record<string, Partial<AggregatedRecord>>): AggregatedRecord[] {
  return records.map((r) => ({ ...r, ...(change[`${r.proxy}/${r.service}`] ?? {}) }));
}

const T0 = 1_700_000_000_000;
const stats = (state: ClusterState, at: number, records: readonly AggregatedRecord[]) =>
  reduceCluster(state, { type: 'haproxy-stats', at, records, problems: [] });

describe('reduceCluster: HAProxy polls', () => {
  const first = captured();
  const s1 = first.find((r) => r.service === 's1')!;
  const fe = first.find((r) => r.service === 'FRONTEND')!;

  it('maps servers of the backends of interest to their nodes, with no rate from one poll', () => {
    const s = stats(initialClusterState(profile(), T0), T0, first);
    expect(s.haproxy.state).toBe('ok');
    expect(s.haproxy.servers.map((r) => [r.server, r.node, r.record.status?.state])).toEqual([
      ['s1', 's1', 'UP'],
      ['s2', 's2', 'UP'],
      ['s3', 'w3', 'DOWN'],
      ['s4', null, 'NO_CHECK'],
    ]);
    expect(s.haproxy.servers.every((r) => r.rates === undefined)).toBe(true);
    expect(s.throughput).toEqual([]);
    expect(s.events).toEqual([]);
  });

  it('turns counter deltas into per-second rates, a throughput point and a sparkline', () => {
    let s = stats(initialClusterState(profile(), T0), T0, first);
    s = stats(s, T0 + 2000, later(first, {
      'web/s1': { totalSessions: s1.totalSessions! + 40, requestsTotal: s1.requestsTotal! + 40 },
      'web/FRONTEND': { requestsTotal: fe.requestsTotal! + 100, bytesOut: fe.bytesOut! + 2000 },
    }));
    const row = s.haproxy.servers.find((r) => r.server === 's1')!;
    expect(row.rates?.requestsPerSecond).toBe(20);
    expect(row.requestHistory).toEqual([undefined, 20]);
    expect(s.haproxy.frontend.requestsPerSecond).toBe(50);
    expect(s.haproxy.frontend.bytesOutPerSecond).toBe(1000);
    expect(s.throughput).toEqual([{ at: T0 + 2000, requestsPerSecond: 50, bytesOutPerSecond: 1000, perServer: { 'web/s1': 20, 'web/s2': 0, 'web/s3': 0, 'web/s4': 0 } }]);
  });

  it('logs a server going DOWN with its check status, and a weight change', () => {
    let s = stats(initialClusterState(profile(), T0), T0, first);
    s = stats(s, T0 + 1000, later(first, {
      'web/s1': { status: parseServerStatus('DOWN'), checkStatus: 'L4CON' },
      'web/s2': { weight: 3 },
    }));
    expect(s.events.map((e) => [e.level, e.text])).toEqual([
      ['error', 's1 DOWN L4CON'],
      ['info', 's2 weight 2→3'],
    ]);
  });

  it('never shows a negative rate when counters go down (reload), and says HAProxy reloaded', () => {
    let s = stats(initialClusterState(profile(), T0), T0, first);
    s = stats(s, T0 + 1000, later(first, { 'web/s1': { totalSessions: 0, requestsTotal: 0 }, 'web/FRONTEND': { requestsTotal: 0 } }));
    const row = s.haproxy.servers.find((r) => r.server === 's1')!;
    expect(row.rates?.requestsPerSecond).toBeUndefined();
    expect(s.haproxy.frontend.requestsPerSecond ?? 0).toBeGreaterThanOrEqual(0);
    expect(s.events.map((e) => e.text)).toContain('head: HAProxy reloaded (counters reset)');
  });

  it('keeps the last poll visible when HAProxy fails, marks the pane, logs once, and recovers', () => {
    let s = stats(initialClusterState(profile(), T0), T0, first);
    s = reduceCluster(s, { type: 'haproxy-error', at: T0 + 1000, error: 'admin.sock: Connection refused' });
    s = reduceCluster(s, { type: 'haproxy-error', at: T0 + 2000, error: 'admin.sock: Connection refused' });
    expect(s.haproxy.state).toBe('error');
    expect(s.haproxy.servers).toHaveLength(4);
    expect(s.events.map((e) => e.text)).toEqual(['HAProxy: admin.sock: Connection refused']);
    s = stats(s, T0 + 3000, first);
    expect(s.haproxy.state).toBe('ok');
    expect(s.haproxy.error).toBeUndefined();
    expect(s.events.at(-1)?.text).toBe('HAProxy answering again');
  });
});

describe('reduceCluster: nodes, actions, the log', () => {
  it('logs a lost and a regained connection, and keeps "since"', () => {
    let s = initialClusterState(profile(), T0);
    const up = { state: 'up' as const, since: T0, attempts: 0 };
    s = reduceCluster(s, { type: 'connection', node: 's2', at: T0, connection: up });
    s = reduceCluster(s, { type: 'connection', node: 's2', at: T0 + 5, connection: { state: 'down', since: T0 + 5, attempts: 1, error: { kind: 'closed', message: 's2: no answer to keepalives' } } });
    s = reduceCluster(s, { type: 'connection', node: 's2', at: T0 + 9, connection: { ...up, since: T0 + 9 } });
    expect(s.events.map((e) => e.text)).toEqual(['lost s2: s2: no answer to keepalives', 'reconnected to s2']);
    expect(s.nodes.find((n) => n.spec.name === 's2')?.connection.since).toBe(T0 + 9);
  });

  it('warns when a node newly throttles', () => {
    let s = initialClusterState(profile(), T0);
    const h = initialHealth('s1', [], T0);
    const throttled = { ...h, throttling: { state: 'ok' as const, at: T0, value: { ...decodeThrottling(0x50005), source: 'sysfs' as const } } };
    s = reduceCluster(s, { type: 'health', node: 's1', at: T0, health: throttled });
    s = reduceCluster(s, { type: 'health', node: 's1', at: T0 + 1, health: throttled });
    expect(s.events.map((e) => [e.level, e.text])).toEqual([['warn', 's1: under-voltage, throttled']]);
  });

  it('tracks an action from start to result', () => {
    let s = initialClusterState(profile(), T0);
    s = reduceCluster(s, { type: 'action-started', at: T0, label: 'drain s1', target: 's1' });
    const id = s.actions[0]!.id;
    s = reduceCluster(s, { type: 'action-progress', at: T0 + 1, id, message: '3 sessions left' });
    expect(s.actions[0]).toMatchObject({ state: 'running', message: '3 sessions left' });
    s = reduceCluster(s, { type: 'action-progress', at: T0 + 2, id, message: 'web/s1 is DRAIN', state: 'done' });
    expect(s.actions[0]).toMatchObject({ state: 'done', message: 'web/s1 is DRAIN' });
    expect(s.events.map((e) => e.text)).toEqual(['drain s1…', 'drain s1: web/s1 is DRAIN']);
  });

  it('keeps at most MAX_EVENTS events, newest last', () => {
    let s = initialClusterState(profile(), T0);
    for (let i = 0; i < MAX_EVENTS + 25; i++) s = reduceCluster(s, { type: 'log', at: T0 + i, level: 'info', text: `e${i}` });
    expect(s.events).toHaveLength(MAX_EVENTS);
    expect(s.events.at(-1)?.text).toBe(`e${MAX_EVENTS + 24}`);
    expect(s.events[0]?.text).toBe('e25');
  });
});

describe('HAProxy load on the head', () => {
  it('show info sets idle %, threads and run queue on the HAProxy pane (the console header shows them)', () => {
    const parsed = parseShowInfo('Name: HAProxy\nVersion: 2.6.12-1+deb12u4\nNbthread: 1\nIdle_pct: 4\nRun_queue: 9\nPid: 77\n');
    if (!parsed.ok) throw new Error(parsed.reason);
    const next = reduceCluster(initialClusterState(profile(), T0), { type: 'haproxy-info', at: T0, info: parsed.value, processes: 1 });
    expect(next.haproxy.load).toEqual({ idlePct: 4, runQueue: 9, threads: 1, processes: 1 });
  });
});
