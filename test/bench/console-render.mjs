#!/usr/bin/env node
// How long the console takes to draw a frame of a 50-node cluster (target: median ≤ 10 ms).
//
//   npx tsc -p tsconfig.build.json && node test/bench/console-render.mjs [--nodes 50] [--frames 200] [--json]
//   (NODE_ENV=development node … measures React's development build instead)
//
// Figures on a synthetic cluster state (head + N workers, every metric fresh, 60 s of HAProxy
// history) at a terminal tall enough to show every row:
//   update: one HAProxy poll dispatched to the store → the frame written to stdout (React, layout,
//           output string; Ink's frame throttle set out of the way), median and p95 over --frames;
//   full:   Ink's renderToString of the whole screen from scratch (mount included), median;
//   direct: the console as `picon` runs it in a terminal (direct panes): Ink's frame has blank
//           boxes where the panes are and does not change with the data; one HAProxy poll
//           dispatched to the store → the painter's bytes written (only the rows that changed),
//           median and p95 over --frames, with the bytes per update; and the painter's full
//           repaint (all panes, as after one of Ink's frames).
// "update" and "direct" run one after the other in the same process: before and after.
// Each update also gives the process CPU time it took (process.cpuUsage: steadier than wall time
// on a loaded machine). Colour is on (FORCE_COLOR=1 unless set), as in a terminal: the bench's
// stdout is no TTY, and without it chalk would leave every style out.
// The floors: Ink's own cost for a plain ASCII frame of the same size, once with every line the
// same (Ink caches each distinct line within a frame, so this is a floor no real frame reaches)
// and once with every line different, as in a real frame.
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
const { createPanePainter } = await import('../../dist/views/console/direct/pane-painter.js');
const { inkStdout } = await import('../../dist/views/console/direct/ink-stdout.js');
const { createUiStore } = await import('../../dist/views/console/ui-store.js');

const { values: args } = benchArgs(import.meta.url, {
  options: { nodes: { type: 'string', default: '50' }, frames: { type: 'string', default: '200' }, json: { type: 'boolean', default: false } },
});
const workers = Number(args.nodes);
const frames = Number(args.frames);
const sim = syntheticCluster(workers);
const { T0, profile, statsAt, cluster, deps, size } = sim;

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = size.columns;
  rows = size.rows;
  writes = 0;
  waiter = undefined;
  write(chunk) {
    this.writes++;
    // The frame itself, not the synchronized-update or cursor escapes written around it.
    if (String(chunk).length < 200) return true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(String(chunk));
    return true;
  }
}
const stdout = new FakeStdout();
const stdin = Object.assign(new EventEmitter(), { isTTY: true, setRawMode() {}, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });
const ink = render(createElement(App, { deps, size }), { stdout, stdin, stderr: stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 10_000 });
await new Promise((r) => setTimeout(r, 200));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const update = [];
const updateCpu = [];
let lastFrame = '';
for (let i = 0; i < frames; i++) {
  sim.second++;
  const written = new Promise((resolve) => (stdout.waiter = resolve));
  const t = performance.now();
  const c = process.cpuUsage();
  cluster.dispatch({ type: 'haproxy-stats', at: T0 + sim.second * 1000, records: statsAt(sim.second + (i % 3)), problems: [] });
  lastFrame = await written;
  update.push(performance.now() - t);
  const used = process.cpuUsage(c);
  updateCpu.push((used.user + used.system) / 1000);
  await new Promise((r) => setTimeout(r, 5));
}
ink.unmount();

// The direct panes, as the console command wires them for a terminal.
const uiStore = createUiStore();
let painterWaiter;
let painterBytes = 0;
const painter = createPanePainter({
  cluster, ui: uiStore, now: deps.now, readOnly: false, color: deps.color, size: () => size,
  write(bytes) {
    painterBytes += bytes.length;
    const w = painterWaiter;
    painterWaiter = undefined;
    w?.(bytes);
  },
});
const directStdout = new FakeStdout();
let inkFrames = 0;
const directInk = render(createElement(App, { deps: { ...deps, directPanes: painter }, size, uiStore }), {
  stdout: inkStdout(directStdout, () => (inkFrames++, painter.afterInkFrame())),
  stdin, stderr: directStdout, exitOnCtrlC: false, patchConsole: false, maxFps: 1000,
});
painter.start();
await new Promise((r) => setTimeout(r, 200));
const inkFramesBefore = inkFrames;
const direct = [];
const directCpu = [];
const directBytes = [];
for (let i = 0; i < frames; i++) {
  sim.second++;
  const written = new Promise((resolve) => (painterWaiter = resolve));
  const t = performance.now();
  const c = process.cpuUsage();
  cluster.dispatch({ type: 'haproxy-stats', at: T0 + sim.second * 1000, records: statsAt(sim.second + (i % 3)), problems: [] });
  directBytes.push((await written).length);
  direct.push(performance.now() - t);
  const used = process.cpuUsage(c);
  directCpu.push((used.user + used.system) / 1000);
  await new Promise((r) => setTimeout(r, 5));
}
const repaint = [];
let fullRepaint = '';
for (let i = 0; i < Math.min(50, frames); i++) {
  const t = performance.now();
  fullRepaint = painter.afterInkFrame();
  repaint.push(performance.now() - t);
}
const inkFramesDuringUpdates = inkFrames - inkFramesBefore;
painter.stop();
directInk.unmount();
const directRows = fullRepaint.split(/\u001b\[\d+;1H\u001b\[2K/).filter((l) => /^[▸ ] w\d\d /.test(l.replace(/\u001b\[[0-9;]*m|\u001b[78]/g, ''))).length;

const full = [];
for (let i = 0; i < Math.min(50, frames); i++) {
  const t = performance.now();
  renderToString(createElement(App, { deps, size }), { columns: size.columns });
  full.push(performance.now() - t);
}

// Ink's own floor on this machine now: a plain ASCII frame of the same size, one Text per line.
const plain = (distinct) =>
  createElement(Box, { flexDirection: 'column' }, Array.from({ length: size.rows - 1 }, (_, i) => createElement(Text, { key: i }, (distinct ? `${i} ${Math.random()} ` : '').padEnd(size.columns - 1, 'x'))));
const floor = [];
const floorDistinct = [];
for (let i = 0; i < Math.min(50, frames); i++) {
  let t = performance.now();
  renderToString(plain(false), { columns: size.columns });
  floor.push(performance.now() - t);
  t = performance.now();
  renderToString(plain(true), { columns: size.columns });
  floorDistinct.push(performance.now() - t);
}

const rowsShown = lastFrame.split('\n').filter((l) => /^[▸ ] w\d\d /.test(l.replace(/\u001b\[[0-9;]*m/g, ''))).length;
const result = {
  nodes: workers + 1,
  rowsShown,
  terminal: `${size.columns}x${size.rows}`,
  updateMedianMs: Number(median(update).toFixed(2)),
  updateP95Ms: Number(pct(update, 0.95).toFixed(2)),
  updateCpuMedianMs: Number(median(updateCpu).toFixed(2)),
  fullMedianMs: Number(median(full).toFixed(2)),
  inkPlainFrameMedianMs: Number(median(floor).toFixed(2)),
  inkPlainDistinctFrameMedianMs: Number(median(floorDistinct).toFixed(2)),
  loadAverage1m: Number((await import('node:os')).loadavg()[0].toFixed(2)),
  directRowsShown: directRows,
  directUpdateMedianMs: Number(median(direct).toFixed(2)),
  directUpdateP95Ms: Number(pct(direct, 0.95).toFixed(2)),
  directCpuMedianMs: Number(median(directCpu).toFixed(2)),
  directBytesMedian: median(directBytes),
  directFullRepaintMedianMs: Number(median(repaint).toFixed(2)),
  directFullRepaintBytes: fullRepaint.length,
  inkFramesDuringDirectUpdates: inkFramesDuringUpdates,
  frames,
};
if (args.json) console.log(JSON.stringify(result));
else {
  console.log(`console frame, ${result.nodes} nodes (${rowsShown} worker rows on screen), ${result.terminal}:`);
  console.log(`  update (poll dispatched → frame written): median ${result.updateMedianMs} ms, p95 ${result.updateP95Ms} ms over ${frames} frames`);
  console.log(`  CPU per update: median ${result.updateCpuMedianMs} ms`);
  console.log(`  full render from scratch (renderToString): median ${result.fullMedianMs} ms`);
  console.log(`  for scale: Ink rendering a plain ASCII frame of the same size: median ${result.inkPlainFrameMedianMs} ms with every line the same, ${result.inkPlainDistinctFrameMedianMs} ms with every line different`);
  console.log(`direct panes (as in a terminal; ${result.directRowsShown} worker rows painted):`);
  console.log(`  update (poll dispatched → painter's bytes written): median ${result.directUpdateMedianMs} ms, p95 ${result.directUpdateP95Ms} ms over ${frames} frames, ${result.directBytesMedian} bytes`);
  console.log(`  CPU per update: median ${result.directCpuMedianMs} ms; Ink frames written during the updates: ${result.inkFramesDuringDirectUpdates}`);
  console.log(`  full repaint of every pane (after one of Ink's frames): median ${result.directFullRepaintMedianMs} ms, ${result.directFullRepaintBytes} bytes`);
  console.log(`  machine load average (1 min): ${result.loadAverage1m}`);
}
process.exit(0);
