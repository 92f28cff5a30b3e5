import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import type { ClusterMessage } from '../../src/core/cluster/cluster-message.js';
import { initialClusterState, type ClusterState } from '../../src/core/cluster/cluster-state.js';
import { fresh } from '../../src/core/health/metric.js';
import { initialHealth, type NodeHealth } from '../../src/core/health/node-health.js';
import { decodeThrottling } from '../../src/core/health/throttling.js';
import type { AggregatedRecord } from '../../src/core/haproxy/stat-aggregate.js';
import { parseServerStatus } from '../../src/core/haproxy/server-status.js';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import type { NodeSpec, Profile } from '../../src/core/profile/profile.js';

/** A cluster state built through the real reducer: head + `workers` nodes, as the console sees it. */

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

const control = { restart: 'sudo systemctl restart {service}', isActive: 'systemctl is-active {service}' };

export function fixtureProfile(workers = 4): Profile {
  const head: NodeSpec = { name: 'head', role: 'head', address: '127.0.13.1', model: 'Pi 4', ssh: {}, services: ['haproxy'], serviceControl: control, servers: [] };
  const names = workers === 4 ? ['p1', 'p2', 'p3', 'pi3'] : Array.from({ length: workers }, (_, i) => `w${i + 1}`);
  const ws: NodeSpec[] = names.map((name, i) => ({
    name,
    role: 'worker',
    address: `127.0.13.${11 + i}`,
    model: name === 'p2' ? 'Pi Zero' : 'Pi 3',
    ssh: {},
    services: ['nginx', 'app'],
    serviceControl: control,
    servers: [{ backend: 'web', server: name }],
  }));
  return {
    name: 'lab',
    file: '/tmp/lab.yaml',
    knownHostsFiles: [],
    head,
    haproxy: { sockets: ['/run/haproxy/admin.sock'], backends: ['web'], config: '/etc/haproxy/haproxy.cfg' },
    workers: ws,
    nodes: [head, ...ws],
    urls: { nginx: 'http://{address}/', app: 'http://{address}:8080/' },
    loadTests: [{ name: 'smoke', description: 'a short look', target: 'frontend', path: '/', method: 'GET', concurrency: 4, requests: 100, keepAlive: true }] as Profile['loadTests'],
  };
}

export function healthyNode(node: string, services: readonly string[], at: number, overrides: Partial<NodeHealth> = {}): NodeHealth {
  const base = initialHealth(node, services, at);
  return {
    ...base,
    cpu: fresh({ busyPercent: 12.5, iowaitPercent: 0, cores: [{ cpu: 0, busyPercent: 10 }, { cpu: 1, busyPercent: 15 }] }, at),
    load: fresh({ load1: 0.42, load5: 0.3, load15: 0.2, running: 1, tasks: 90, lastPid: 100 }, at),
    memory: fresh({ totalBytes: 1_000_000_000, availableBytes: 600_000_000, usedBytes: 400_000_000, estimated: false }, at),
    disk: fresh({ totalBytes: 32e9, usedBytes: 8e9, availableBytes: 24e9, usedPercent: 25 }, at),
    uptimeSeconds: fresh(3600, at),
    temperature: fresh({ celsius: 48.3, source: 'thermal-zone' }, at),
    armClock: fresh({ hz: 1_200_000_000, source: 'cpufreq' }, at),
    armClockMax: fresh({ hz: 1_200_000_000, source: 'cpufreq' }, at),
    throttling: fresh({ ...decodeThrottling(0), source: 'sysfs' }, at),
    services: services.map((name) => ({ name, state: fresh({ running: true, detail: 'active' }, at) })),
    ...overrides,
  };
}

export function serverRecord(server: string, status: string, totals: { requests: number; sessions?: number; weight?: number }): AggregatedRecord {
  return {
    proxy: 'web',
    service: server,
    type: 'server',
    status: parseServerStatus(status),
    checkStatus: status.startsWith('DOWN') ? 'L4CON' : 'L7OK',
    weight: totals.weight ?? 1,
    currentSessions: totals.sessions ?? 0,
    totalSessions: totals.requests,
    requestsTotal: totals.requests,
    bytesOut: totals.requests * 1000,
    http5xx: 0,
    lastChangeSeconds: 120,
    processes: 1,
    mismatches: [],
  };
}

export function frontendRecord(requests: number): AggregatedRecord {
  return { proxy: 'http', service: 'FRONTEND', type: 'frontend', requestsTotal: requests, totalSessions: requests, bytesOut: requests * 1000, http5xx: 0, currentSessions: 3, processes: 1, mismatches: [] };
}

export interface FixtureOptions {
  readonly workers?: number;
  /** Seconds of HAProxy polls to feed (rates need two). */
  readonly seconds?: number;
  readonly status?: Readonly<Record<string, string>>;
  /** Nodes to leave down (refused). */
  readonly down?: readonly string[];
  /** The sshd software a node's connection reports (default OpenSSH_9.2p1). */
  readonly sshServers?: Readonly<Record<string, string>>;
}

/** A live cluster: every node up and healthy, HAProxy polled every second for `seconds`. */
export function liveClusterState(options: FixtureOptions = {}): { profile: Profile; state: ClusterState } {
  const profile = fixtureProfile(options.workers ?? 4);
  let state = initialClusterState(profile, T0);
  const apply = (m: ClusterMessage) => (state = reduceCluster(state, m));
  for (const n of profile.nodes) {
    const down = options.down?.includes(n.name) ?? false;
    apply({
      type: 'connection',
      node: n.name,
      at: T0 + 100,
      connection: down
        ? { state: 'down', since: T0 + 100, attempts: 2, error: { kind: 'refused', message: `${n.name}: connection refused (${n.address}:2222)` } }
        : { state: 'up', since: T0 + 100, attempts: 0, server: options.sshServers?.[n.name] ?? 'OpenSSH_9.2p1' },
    });
    if (!down) apply({ type: 'health', node: n.name, at: T0 + 200, health: healthyNode(n.name, n.services, T0 + 200) });
  }
  apply({ type: 'haproxy-info', at: T0, info: { version: { text: '2.6.12', major: 2, minor: 6 }, pid: 4242 } as never, processes: 1 });
  const seconds = options.seconds ?? 10;
  for (let s = 0; s <= seconds; s++) {
    const records = [
      frontendRecord(s * 40),
      ...profile.workers.map((w, i) => serverRecord(w.name, options.status?.[w.name] ?? 'UP', { requests: s * (5 + i * 5), sessions: i })),
    ];
    apply({ type: 'haproxy-stats', at: T0 + 1000 * (s + 1), records, problems: [] });
  }
  return { profile, state };
}

/** A saved load-test run as the history holds it (the lab profile, 100 requests at 4). */
export function runRecord(id: string, options: { label?: string; target?: 'frontend' | 'nginx' | 'app'; node?: string; rps: number; meanMs: number; p95Ms: number; startedAt?: number; throttled?: boolean }): RunRecord {
  const target = options.target ?? 'frontend';
  const plan: RunRecord['plan'] = {
    url: target === 'frontend' ? 'http://127.0.13.1/' : `http://127.0.13.11/`, preset: target === 'frontend' ? 'smoke' : `single-${target}`, target,
    ...(options.node !== undefined && { node: options.node }),
    method: 'GET', concurrency: 4, limit: { kind: 'requests', requests: 100 }, keepAlive: true, headers: {}, engine: 'builtin',
  };
  return {
    version: 1, id, startedAt: new Date(options.startedAt ?? T0).toISOString(), profile: 'lab', label: options.label ?? 'Cluster', plan,
    result: {
      engine: 'builtin', target: plan.url, concurrency: 4, requestsPerSecond: options.rps, meanTimePerRequestMs: options.meanMs,
      latency: { p50Ms: options.meanMs * 0.9, p95Ms: options.p95Ms, p99Ms: options.p95Ms * 1.5, maxMs: options.p95Ms * 3 },
      completed: 100, failed: 0, non2xx: 2, transferBytesPerSecond: 512 * 1024, durationSeconds: 100 / options.rps,
    },
    shares: { servers: [{ server: 'web/p1', requests: 60, share: 0.6 }, { server: 'web/p2', requests: 40, share: 0.4 }], total: 100, reset: [], appeared: [] },
    cluster: { haproxyVersion: '2.6.12', servers: [{ server: 'web/p1', weight: 2, status: 'UP', out: false }, { server: 'web/p2', weight: 1, status: 'UP', out: false }, { server: 'web/p3', weight: 1, status: 'DRAIN', out: true }] },
    throttleBefore: [], throttleAfter: [],
    newlyThrottled: options.throttled === true ? { p2: ['under-voltage'] } : {}, throttled: options.throttled === true,
  };
}
