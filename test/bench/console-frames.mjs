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
import { syntheticCluster } from './synthetic-cluster.mjs';
import { benchArgs } from './bench-args.mjs';

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

const { values: args } = benchArgs(import.meta.url, {
  options: { nodes: { type: 'string', default: '50' }, frames: { type: 'string', default: '200' }, seconds: { type: 'string', default: '12' }, phase: { type: 'string', default: '0' }, 'no-data': { type: 'boolean', default: false }, direct: { type: 'boolean', default: false } },
});
const workers = Number(args.nodes);
const frames = Number(args.frames);
const sim = syntheticCluster(workers);
const { T0, profile, health, statsAt, cluster, deps, size } = sim;


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
if (data) timers.push(setInterval(() => { sim.second++; cluster.dispatch({ type: 'haproxy-stats', at: Date.now(), records: statsAt(sim.second), problems: [] }); }, 1000));
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
