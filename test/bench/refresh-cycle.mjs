#!/usr/bin/env node
// One steady-state refresh cycle of every node and HAProxy on a big lab: each tick polls every
// node's health prober and HAProxy's `show stat` in parallel, over the real SSH connections, and
// the cycle's wall time runs from the start of the first request to the last reply.
//
//   npx tsc -p tsconfig.build.json && node test/bench/refresh-cycle.mjs [--workers 50] [--cycles 60]
//        [--interval 1000] [--warmup 5] [--service-checks [--aligned-checks]] [--subnet 127.0.21] [--json]
//
// The calls are the cluster monitor's (src/adapters/monitor/cluster-monitor.ts): one
// createNodeProber per node with the monitor's options, one createHaproxyClient on the head,
// `show info` every 10th poll as its HAProxy poller does. The monitor itself gives every prober
// its own timer, so there is no cycle boundary to time without changing it; here one tick starts
// them all together instead.
//
// By default the probers read metrics only (the steady state between slow checks: no process on
// any node). With --service-checks they also run the services' isActive checks every 15 s, as
// the monitor does; those cycles are reported apart. On the lab a service check is
// `node dist/cli/main.js lab is-active …` — a Node.js start per service, ~100 at once with 50
// workers on this 2-core machine — far dearer than a real `systemctl is-active`.
//
// Also reported: CPU per cycle of picon (process.cpuUsage) and of the nodes' sshd session trees
// (utime+stime from /proc, as test/bench/probe-cost.mjs), which does not depend on how busy the
// machine is, unlike the wall time.
//
// Brings a lab up on --subnet and down again at the end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConnections } from '../../dist/cli/open-connections.js';
import { createNodeProber } from '../../dist/adapters/health/node-prober.js';
import { createHaproxyClient } from '../../dist/adapters/haproxy/runtime-client.js';
import { readProfileFile } from '../../dist/adapters/profile/read-profile-file.js';
import { sessionsCpuMs, sshdListeners } from './proc-cpu.mjs';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    workers: { type: 'string', default: '50' },
    cycles: { type: 'string', default: '60' },
    interval: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '5' },
    'service-checks': { type: 'boolean', default: false },
    // Every node's service checks in the same second, as before they were spread (issue 18).
    'aligned-checks': { type: 'boolean', default: false },
    subnet: { type: 'string', default: '127.0.21' },
    json: { type: 'boolean', default: false },
  },
});
const CYCLES = Number(args.cycles);
const INTERVAL_MS = Number(args.interval);
const WARMUP = Number(args.warmup);
const INFO_EVERY = 10; // the HAProxy poller's default
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-refresh-'));
const labDir = path.join(tmp, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: labDir };

function picon(...argv) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/picon'), ...argv], { env, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: error === null, stdout, stderr }),
    );
  });
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const percentile = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const summary = (xs) =>
  xs.length === 0
    ? null
    : { cycles: xs.length, medianMs: percentile(xs, 0.5), p95Ms: percentile(xs, 0.95), maxMs: Math.max(...xs) };
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function main() {
  log(`lab up --workers ${args.workers} on ${args.subnet}`);
  const up = await picon('lab', 'up', '--subnet', args.subnet, '--workers', args.workers, '--json');
  if (!up.ok) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`lab up failed: ${up.stderr.trim()}`);
  }
  const lab = JSON.parse(up.stdout);
  let connections;
  const probers = [];
  try {
    const read = await readProfileFile(lab.profile, { cwd: process.cwd(), homeDir: os.homedir() });
    if (!read.ok) throw new Error(`lab profile: ${read.errors.map((e) => e.message).join('; ')}`);
    const profile = read.profile;
    connections = await openConnections(profile, { env, reconnect: true });
    const ready = await Promise.all(profile.nodes.map((n) => connections.get(n.name).ready(30_000)));
    const down = ready.flatMap((r, i) => (r.ok ? [] : [`${profile.nodes[i].name}: ${r.error.message}`]));
    if (down.length > 0) throw new Error(`not connected: ${down.join('; ')}`);

    const checks = args['service-checks'];
    for (const node of profile.nodes) {
      const target = checks ? node : { ...node, services: [] };
      probers.push({ node: node.name, prober: createNodeProber({ node: target, transport: connections.get(node.name), intervalMs: INTERVAL_MS, ...(args['aligned-checks'] && { slowOffsetMs: 0 }) }) });
    }
    const listeners = sshdListeners(lab);
    const haproxy = createHaproxyClient({
      transport: connections.get(profile.head.name),
      sockets: profile.haproxy.sockets,
      ...(profile.haproxy.masterSocket !== undefined && { masterSocket: profile.haproxy.masterSocket }),
    });

    const cycles = [];
    let cpuBefore;
    let sshdBefore;
    let wallBefore;
    for (let i = 0; i < WARMUP + CYCLES; i++) {
      if (i === WARMUP) {
        cpuBefore = process.cpuUsage();
        sshdBefore = sessionsCpuMs(listeners);
        wallBefore = performance.now();
      }
      const tickAt = performance.now();
      const execsBefore = probers.reduce((n, p) => n + p.prober.stats().execs, 0);
      const started = performance.now();
      const parts = await Promise.all([
        ...probers.map(async ({ node, prober }) => {
          const h = await prober.poll();
          return { who: node, ms: performance.now() - started, ok: h.memory.state === 'ok' && h.uptimeSeconds.state === 'ok', cpu: h.cpu.state };
        }),
        (async () => {
          if (i % INFO_EVERY === 0) await haproxy.info();
          const s = await haproxy.stats();
          return { who: 'haproxy', ms: performance.now() - started, ok: s.ok && s.value.failed.length === 0 };
        })(),
      ]);
      const ms = performance.now() - started;
      const execs = probers.reduce((n, p) => n + p.prober.stats().execs, 0) - execsBefore;
      const slowest = parts.reduce((a, b) => (b.ms > a.ms ? b : a));
      const failed = parts.filter((p) => !p.ok).map((p) => p.who);
      const cpuUnknown = parts.filter((p) => p.cpu !== undefined && p.cpu !== 'ok').length;
      const first = Math.min(...parts.map((p) => p.ms));
      if (i >= WARMUP) cycles.push({ ms, firstMs: first, serviceChecks: execs > 0, slowest: slowest.who, failed, cpuUnknown });
      if (failed.length > 0) log(`cycle ${i + 1}: no fresh reading from ${failed.join(', ')}`);
      await sleep(INTERVAL_MS - (performance.now() - tickAt));
    }
    const cpu = process.cpuUsage(cpuBefore);
    const sshdCpuMs = sessionsCpuMs(listeners) - sshdBefore;
    const wallMs = performance.now() - wallBefore;

    const metricsOnly = cycles.filter((c) => !c.serviceChecks).map((c) => c.ms);
    const withChecks = cycles.filter((c) => c.serviceChecks).map((c) => c.ms);
    const result = {
      nodes: profile.nodes.length,
      cycles: CYCLES,
      warmupCycles: WARMUP,
      intervalMs: INTERVAL_MS,
      all: summary(cycles.map((c) => c.ms)),
      metricsOnly: summary(metricsOnly),
      withServiceChecks: summary(withChecks),
      firstReply: summary(cycles.map((c) => c.firstMs)),
      serviceChecks: checks,
      piconCpuMsPerCycle: (cpu.user + cpu.system) / 1000 / CYCLES,
      sshdSessionsCpuMsPerCycle: sshdCpuMs / CYCLES,
      sshdListeners: listeners.length,
      failedReadings: cycles.reduce((n, c) => n + c.failed.length, 0),
      cyclesWithCpuUnknown: cycles.filter((c) => c.cpuUnknown > 0).length,
      slowestWasHaproxy: cycles.filter((c) => c.slowest === 'haproxy').length,
      piconCpuPercentOfOneCore: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const f = (s) => (s === null ? 'none' : `median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms (${s.cycles} cycles)`);
      process.stdout.write(
        [
          `refresh cycle of ${result.nodes} node probers + HAProxy show stat, ${CYCLES} cycles every ${INTERVAL_MS} ms after ${WARMUP} warm-up; service checks ${checks ? `every 15 s, ${args['aligned-checks'] ? 'all nodes in the same second' : 'each node at its own second'}` : 'off'}`,
          `  metrics only          ${f(result.metricsOnly)}   (target p95 ≤ 50 ms)`,
          ...(checks ? [`  with service checks   ${f(result.withServiceChecks)}`, `  all cycles            ${f(result.all)}`] : []),
          `  first reply in cycle  ${f(result.firstReply)}`,
          `  CPU per cycle: picon ${result.piconCpuMsPerCycle.toFixed(1)} ms, the nodes' sshd sessions ${result.sshdSessionsCpuMsPerCycle.toFixed(1)} ms (${result.sshdListeners} sshd)`,
          `  failed readings ${result.failedReadings}; HAProxy was the last reply in ${result.slowestWasHaproxy} of ${CYCLES} cycles, a node in the rest`,
          `  picon CPU ${result.piconCpuPercentOfOneCore.toFixed(1)} % of one core; load average ${result.loadAverage.join(' ')}`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    for (const { prober } of probers) prober.stop();
    connections?.closeAll();
    const down = await picon('lab', 'down');
    if (!down.ok) log(`lab down failed: ${down.stderr.trim()}`);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(`bench/refresh-cycle: ${error.message}`);
  process.exitCode = 1;
});
