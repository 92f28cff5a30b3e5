#!/usr/bin/env node
// How many frames a second the console draws while 51 nodes report once a second each (spread
// over the second) and HAProxy once a second, through the console's 1 s cluster throttle and its
// frame clock; --phase shifts the data against the clock. Target: 1 frame/s whatever the phase.
// With --no-data only the clock draws (also 1 frame/s).
// With --direct, the console as it runs in a terminal (direct panes): Ink's frames (expected: none
// after the first) and the painter's updates a second (data and clock: up to 2), with their bytes
// and the process CPU.
//
//   npx tsc -p tsconfig.build.json && node test/bench/console-frames.mjs [--seconds 12] [--phase 0] [--no-data] [--direct]
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

// As `picon` runs it: React's production build (the console command sets this before loading React).
process.env.NODE_ENV ??= 'production';
process.env.FORCE_COLOR ??= '1';
const { createElement } = await import('react');
const { render, renderToString, Box, Text } = await import('ink');
const { App } = await import('../../dist/views/console/app.js');
const { throttledSource } = await import('../../dist/views/console/throttled-source.js');
const { createPanePainter } = await import('../../dist/views/console/direct/pane-painter.js');
const { inkStdout } = await import('../../dist/views/console/direct/ink-stdout.js');
const { createUiStore } = await import('../../dist/views/console/ui-store.js');
import { reduceCluster } from '../../dist/core/cluster/cluster-reducer.js';
import { initialClusterState } from '../../dist/core/cluster/cluster-state.js';
import { fresh } from '../../dist/core/health/metric.js';
import { initialHealth } from '../../dist/core/health/node-health.js';
import { decodeThrottling } from '../../dist/core/health/throttling.js';
import { parseServerStatus } from '../../dist/core/haproxy/server-status.js';

const { values: args } = parseArgs({
  options: { nodes: { type: 'string', default: '50' }, frames: { type: 'string', default: '200' }, seconds: { type: 'string', default: '12' }, phase: { type: 'string', default: '0' }, 'no-data': { type: 'boolean', default: false }, direct: { type: 'boolean', default: false } },
});
const workers = Number(args.nodes);
const frames = Number(args.frames);
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
let second = 0;
for (; second < 120; second++) state = reduceCluster(state, { type: 'haproxy-stats', at: T0 + second * 1000, records: statsAt(second), problems: [] });

const listeners = new Set();
const cluster = {
  getState: () => state,
  dispatch: (m) => {
    state = reduceCluster(state, m);
    for (const l of listeners) l(state);
  },
  subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
};
const deps = { profile, cluster, readOnly: false, now: () => T0 + second * 1000, quit: () => {}, color: process.env.NO_COLOR === undefined };
// Rows for every node: header 2 + table title 1 + N + the smallest panes 7 + status and footer 2, plus the spare row.
const size = { columns: 200, rows: workers + 1 + 13 };


class Out extends EventEmitter { isTTY = true; columns = size.columns; rows = size.rows; frames = 0; write(c) { if (String(c).length > 200) this.frames++; return true; } }
const out = new Out();
const stdin = Object.assign(new EventEmitter(), { isTTY: true, setRawMode() {}, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });
const live = { ...deps, cluster: throttledSource(cluster, 1000), now: Date.now };
const painted = { updates: 0, bytes: 0 };
const uiStore = createUiStore();
const painter = args.direct
  ? createPanePainter({ cluster: live.cluster, ui: uiStore, now: Date.now, readOnly: false, color: live.color, size: () => size, write: (b) => { painted.updates++; painted.bytes += b.length; } })
  : undefined;
const ink = painter === undefined
  ? render(createElement(App, { deps: live, size }), { stdout: out, stdin, stderr: out, exitOnCtrlC: false, patchConsole: false, maxFps: 10 })
  : render(createElement(App, { deps: { ...live, directPanes: painter }, size, uiStore }), { stdout: inkStdout(out, painter.afterInkFrame), stdin, stderr: out, exitOnCtrlC: false, patchConsole: false, maxFps: 1000 });
painter?.start();
const seconds = Number(args.seconds);
const phase = Number(args.phase);
const data = !args['no-data'];
await new Promise((r) => setTimeout(r, phase));
const start = Date.now(); const f0 = out.frames; const p0 = { ...painted }; const c0 = process.cpuUsage();
const timers = [];
if (data) timers.push(setInterval(() => { second++; cluster.dispatch({ type: 'haproxy-stats', at: Date.now(), records: statsAt(second), problems: [] }); }, 1000));
for (const [i, n] of data ? profile.nodes.entries() : []) {
  setTimeout(() => timers.push(setInterval(() => cluster.dispatch({ type: 'health', node: n.name, at: Date.now(), health: health(n.name, n.services, Date.now(), i) }), 1000)), (i * 19) % 1000);
}
await new Promise((r) => setTimeout(r, seconds * 1000));
const wall = (Date.now() - start) / 1000;
const cpu = process.cpuUsage(c0);
console.log(`${data ? `data every second, phase ${phase} ms` : 'no data (clock only)'}: ${((out.frames - f0) / wall).toFixed(2)} Ink frames/s over ${seconds} s`);
if (painter !== undefined) console.log(`  direct panes: ${((painted.updates - p0.updates) / wall).toFixed(2)} painter updates/s, ${Math.round((painted.bytes - p0.bytes) / wall)} bytes/s`);
console.log(`  process CPU (data feed included): ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(2)} % of one core`);
painter?.stop();
for (const t of timers) clearInterval(t);
ink.unmount();
process.exit(0);
