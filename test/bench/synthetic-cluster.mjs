// The synthetic cluster the console benches draw: a head and N workers with every metric fresh
// and 120 s of HAProxy history, in a store the App subscribes to, as the console sees the lab's.
import { reduceCluster } from '../../dist/core/cluster/cluster-reducer.js';
import { initialClusterState } from '../../dist/core/cluster/cluster-state.js';
import { fresh } from '../../dist/core/health/metric.js';
import { initialHealth } from '../../dist/core/health/node-health.js';
import { decodeThrottling } from '../../dist/core/health/throttling.js';
import { parseServerStatus } from '../../dist/core/haproxy/server-status.js';

/**
 * `sim.second` is the bench's clock: move it on and dispatch `statsAt(sim.second)` for a poll;
 * `health(node, services, at, i)` is one node's fresh reading.
 */
export function syntheticCluster(workers) {
  const T0 = Date.now();
  const control = { restart: 'true', isActive: 'true' };
  const spec = (name, role, i) => ({
    name, role, address: `127.0.20.${i + 1}`, model: role === 'head' ? 'Pi 4' : 'Pi Zero', ssh: {},
    services: role === 'head' ? ['haproxy'] : ['nginx', 'app'], serviceControl: control,
    servers: role === 'head' ? [] : [{ backend: 'web', server: name }],
  });
  const head = spec('head', 'head', 0);
  const ws = Array.from({ length: workers }, (_, i) => spec(`w${String(i + 1).padStart(2, '0')}`, 'worker', i + 1));
  const profile = {
    name: 'bench', file: '/dev/null', knownHostsFiles: [], head, workers: ws, nodes: [head, ...ws],
    haproxy: { sockets: ['/run/haproxy.sock'], backends: ['web'], config: '/etc/haproxy/haproxy.cfg' },
    urls: { nginx: 'http://{address}/', app: 'http://{address}:8080/' }, loadTests: [],
  };

  function health(node, services, at, i) {
    return {
      ...initialHealth(node, services, at),
      cpu: fresh({ busyPercent: (i * 7) % 100, iowaitPercent: 1, cores: [0, 1, 2, 3].map((cpu) => ({ cpu, busyPercent: (i * cpu * 13) % 100 })) }, at),
      load: fresh({ load1: 0.5, load5: 0.4, load15: 0.3, running: 1, tasks: 80, lastPid: 1 }, at),
      memory: fresh({ totalBytes: 512e6, availableBytes: 300e6, usedBytes: 212e6, estimated: false }, at),
      disk: fresh({ totalBytes: 16e9, usedBytes: 4e9, availableBytes: 12e9, usedPercent: 25 }, at),
      uptimeSeconds: fresh(86_400, at),
      temperature: fresh({ celsius: 40 + (i % 40), source: 'thermal-zone' }, at),
      armClock: fresh({ hz: 1e9, source: 'vcgencmd' }, at),
      armClockMax: fresh({ hz: 1e9, source: 'vcgencmd' }, at),
      throttling: fresh({ ...decodeThrottling(i % 9 === 0 ? 0x50005 : 0), source: 'vcgencmd' }, at),
      services: services.map((name) => ({ name, state: fresh({ running: true, detail: 'active' }, at) })),
    };
  }

  const statsAt = (second) => [
    { proxy: 'http', service: 'FRONTEND', type: 'frontend', requestsTotal: second * 500, bytesOut: second * 5e5, http5xx: 0, currentSessions: 40, processes: 1, mismatches: [] },
    ...ws.map((w, i) => ({
      proxy: 'web', service: w.name, type: 'server', status: parseServerStatus(i % 11 === 3 ? 'DRAIN' : 'UP'), checkStatus: 'L7OK',
      weight: 1, currentSessions: i % 5, totalSessions: second * (5 + (i % 7)), requestsTotal: second * (5 + (i % 7)), bytesOut: second * 1e4, http5xx: 0,
      processes: 1, mismatches: [],
    })),
  ];

  let state = initialClusterState(profile, T0);
  for (const [i, n] of profile.nodes.entries()) {
    state = reduceCluster(state, { type: 'connection', node: n.name, at: T0, connection: { state: 'up', since: T0, attempts: 0 } });
    state = reduceCluster(state, { type: 'health', node: n.name, at: T0, health: health(n.name, n.services, T0, i) });
  }
  state = reduceCluster(state, { type: 'haproxy-info', at: T0, info: { version: { text: '2.6.12' }, pid: 1 }, processes: 1 });
  const sim = { second: 0 };
  for (; sim.second < 120; sim.second++) state = reduceCluster(state, { type: 'haproxy-stats', at: T0 + sim.second * 1000, records: statsAt(sim.second), problems: [] });

  const listeners = new Set();
  const cluster = {
    getState: () => state,
    dispatch: (m) => {
      state = reduceCluster(state, m);
      for (const l of listeners) l(state);
    },
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  const deps = { profile, cluster, readOnly: false, now: () => T0 + sim.second * 1000, quit: () => {}, color: process.env.NO_COLOR === undefined };
  // Rows for every node: header 2 + table title 1 + N + the smallest panes 7 + status and footer 2, plus the spare row.
  const size = { columns: 200, rows: workers + 1 + 13 };
  return Object.assign(sim, { T0, profile, workers: ws, health, statsAt, cluster, deps, size });
}
