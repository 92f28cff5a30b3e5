#!/usr/bin/env node
// The observer effect: the lab's maximum req/s through the HAProxy frontend (wrk on the cached
// `/`) while picon polls the cluster at 1 Hz, against the same without picon, in one run,
// interleaved rounds in ABBA order (without, with; with, without; …) so drift in the machine's
// load hits both alike, and every wrk window starts after the same rest (--rest, default 5 s) since
// the previous one ended: this VM runs faster after a pause (its CPU allowance refills), and a
// round that waited for picon to connect was 5–24 % faster than the one that did not, every time.
//
//   npx tsc -p tsconfig.build.json && node test/bench/observer-effect.mjs [--rounds 3] [--seconds 15]
//        [--threads 2] [--connections 64] [--rest 5] [--polls all|nodes] [--workers N] [--checks lab|pgrep|none] [--subnet 127.0.22] [--json]
//
// "With picon" is the real monitor (src/adapters/monitor/cluster-monitor.ts,
// monitorOver(profile, connections, { intervalMs: 1000 }).start()) on fresh SSH
// connections, started before the round and stopped after it; wrk starts once every node has
// been polled (connections, first SFTP opens and first service checks are not in the window).
// A window of 15 s holds exactly one of the probers' slow checks (services, every 15 s), as
// steady state does. "Without" has no picon connection at all.
//
// The lab profile's service check (`isActive`) reads a pid file and signals 0 with shell builtins
// (as cheap as `systemctl is-active`, but it pays the login shell's start: root's ~/.bashrc runs
// pyenv here). `--checks pgrep` swaps in `pgrep -f SERVICE`; `--checks none` polls metrics only
// (no process on any node: the steady state between slow checks).
//
// Everything shares this machine's 2 cores: wrk, HAProxy, nginx, the lab's sshd and picon.
// picon's own CPU during each window is reported (process.cpuUsage) as context.
//
// Brings a lab up on --subnet (default shape: head + 4 workers) and down again at the end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConnections } from '../../dist/cli/open-connections.js';
import { monitorOver } from '../../dist/cli/monitor-wiring.js';
import { readProfileFile } from '../../dist/adapters/profile/read-profile-file.js';
import { parseWrkReport } from '../../dist/core/loadtest/wrk-report.js';
import { sessionsCpuMs, sshdListeners } from './proc-cpu.mjs';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '15' },
    threads: { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    rest: { type: 'string', default: '5' },
    polls: { type: 'string', default: 'all' },
    workers: { type: 'string' },
    checks: { type: 'string', default: 'lab' },
    subnet: { type: 'string', default: '127.0.22' },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const REST_MS = Number(args.rest) * 1000;
if (!['lab', 'pgrep', 'none'].includes(args.checks)) throw new Error('--checks lab|pgrep|none');
// --polls nodes: HAProxy is read once (to know the servers) and then no more, to see the nodes' part alone.
if (!['all', 'nodes'].includes(args.polls)) throw new Error('--polls all|nodes');
if (!(ROUNDS >= 1 && ROUNDS <= 60 && SECONDS >= 1 && SECONDS <= 60)) throw new Error('--rounds 1–60, --seconds 1–60');
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-observer-'));
const labDir = path.join(tmp, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: labDir };

function run(program, argv, timeoutMs) {
  return new Promise((resolve) => {
    execFile(program, argv, { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: error === null, stdout, stderr }),
    );
  });
}
const picon = (...argv) => run(process.execPath, [path.join(root, 'bin/picon'), ...argv], 180_000);

let lastWrkEnd = 0;
/** Waits until the machine has rested REST_MS since the last wrk window ended. */
const rest = () => new Promise((r) => setTimeout(r, Math.max(0, REST_MS - (Date.now() - lastWrkEnd))));

async function wrk(url) {
  const r = await run('wrk', [`-t${args.threads}`, `-c${args.connections}`, `-d${SECONDS}s`, url], (SECONDS + 30) * 1000);
  lastWrkEnd = Date.now();
  if (!r.ok) throw new Error(`wrk failed: ${r.stderr.trim() || r.stdout.trim()}`);
  const report = parseWrkReport(r.stdout);
  if (!report.ok) throw new Error(`wrk report: ${report.reason}`);
  const errors = Object.values(report.value.socketErrors).reduce((a, b) => a + b, 0) + report.value.non2xx3xx;
  return { requestsPerSecond: report.value.requestsPerSecond, errors };
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One window with the real monitor polling at 1 Hz. */
async function withPicon(profile, url, listeners) {
  const connections = await openConnections(profile, { env, reconnect: true });
  const monitor = monitorOver(profile, connections, { intervalMs: 1000 });
  monitor.start();
  try {
    await waitFor(
      'every node polled (CPU and services) and HAProxy read',
      () => {
        const s = monitor.getState();
        return (
          s.nodes.every((n) => n.health.cpu.state === 'ok' && n.health.services.every((x) => x.state.state !== 'unknown')) &&
          s.haproxy.servers.length > 0
        );
      },
      60_000,
    );
    if (args.polls === 'nodes') monitor.haproxyPoller.stop();
    await rest();
    const cpu = process.cpuUsage();
    const sshd = sessionsCpuMs(listeners);
    const started = performance.now();
    const result = await wrk(url);
    const used = process.cpuUsage(cpu);
    const sshdMs = sessionsCpuMs(listeners) - sshd;
    const wallMs = performance.now() - started;
    return {
      ...result,
      piconCpuPercentOfOneCore: ((used.user + used.system) / 1000 / wallMs) * 100,
      nodeSideCpuPercentOfOneCore: (sshdMs / wallMs) * 100,
    };
  } finally {
    monitor.stop();
  }
}

async function withoutPicon(url) {
  await rest();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await wrk(url);
  const used = process.cpuUsage(cpu);
  return { ...result, piconCpuPercentOfOneCore: ((used.user + used.system) / 1000 / (performance.now() - started)) * 100 };
}

function withChecks(profile, checks) {
  const nodes = profile.nodes.map((n) =>
    checks === 'none' ? { ...n, services: [] } : { ...n, serviceControl: { ...n.serviceControl, isActive: 'pgrep -f {service} >/dev/null' } },
  );
  return { ...profile, nodes, head: nodes[0], workers: nodes.slice(1) };
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Student's t, two-sided 95 %, by degrees of freedom: a table for 1–19, then the Cornish–Fisher expansion (within 0.001 from 20 on). */
const T95 = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09];
function t95(df) {
  if (df <= T95.length) return T95[df - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}
function meanInterval95(xs) {
  const m = mean(xs);
  if (xs.length < 2) return { mean: +m.toFixed(2), low: null, high: null };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  const half = t95(xs.length - 1) * (sd / Math.sqrt(xs.length));
  return { mean: +m.toFixed(2), low: +(m - half).toFixed(2), high: +(m + half).toFixed(2) };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  log(`lab up on ${args.subnet}`);
  const up = await picon('lab', 'up', '--subnet', args.subnet, ...(args.workers ? ['--workers', args.workers] : []), '--json');
  if (!up.ok) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`lab up failed: ${up.stderr.trim()}`);
  }
  const lab = JSON.parse(up.stdout);
  try {
    const read = await readProfileFile(lab.profile, { cwd: process.cwd(), homeDir: os.homedir() });
    if (!read.ok) throw new Error(`lab profile: ${read.errors.map((e) => e.message).join('; ')}`);
    const profile = args.checks === 'lab' ? read.profile : withChecks(read.profile, args.checks);
    const url = lab.frontendUrl;
    log(`warm-up: wrk ${SECONDS} s on ${url}`);
    await wrk(url);
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      const arms = {};
      for (const arm of i % 2 === 0 ? ['without', 'with'] : ['with', 'without']) {
        if (arm === 'without') {
          arms.without = await withoutPicon(url);
          log(`round ${i + 1} without picon: ${arms.without.requestsPerSecond.toFixed(0)} req/s`);
        } else {
          arms.with = await withPicon(profile, url, sshdListeners(lab));
          log(`round ${i + 1} with picon:    ${arms.with.requestsPerSecond.toFixed(0)} req/s (CPU % of a core: picon ${arms.with.piconCpuPercentOfOneCore.toFixed(1)}, nodes' sshd sessions ${arms.with.nodeSideCpuPercentOfOneCore.toFixed(1)})`);
        }
      }
      rounds.push({ without: arms.without, with: arms.with });
    }
    const withoutRps = mean(rounds.map((r) => r.without.requestsPerSecond));
    const withRps = mean(rounds.map((r) => r.with.requestsPerSecond));
    const result = {
      url,
      nodes: read.profile.nodes.length,
      polls: args.polls === 'all' ? 'every node and HAProxy' : 'the nodes only (HAProxy once)',
      serviceChecks: { lab: "the lab's (pid file, shell builtins)", pgrep: 'pgrep -f SERVICE', none: 'none (metrics only)' }[args.checks],
      wrk: `wrk -t${args.threads} -c${args.connections} -d${SECONDS}s ${url}`,
      rounds: rounds.map((r) => ({
        withoutRps: Math.round(r.without.requestsPerSecond),
        withRps: Math.round(r.with.requestsPerSecond),
        piconCpuPercentOfOneCore: +r.with.piconCpuPercentOfOneCore.toFixed(2),
        nodeSideCpuPercentOfOneCore: +r.with.nodeSideCpuPercentOfOneCore.toFixed(2),
        errors: r.without.errors + r.with.errors,
      })),
      meanWithoutRps: Math.round(withoutRps),
      meanWithRps: Math.round(withRps),
      differencePercent: +(((withRps - withoutRps) / withoutRps) * 100).toFixed(2),
      pairDifferencesPercent: rounds.map((r) => +(((r.with.requestsPerSecond - r.without.requestsPerSecond) / r.without.requestsPerSecond) * 100).toFixed(2)),
      medianPairDifferencePercent: 0,
      piconCpuPercentOfOneCore: +mean(rounds.map((r) => r.with.piconCpuPercentOfOneCore)).toFixed(2),
      nodeSideCpuPercentOfOneCore: +mean(rounds.map((r) => r.with.nodeSideCpuPercentOfOneCore)).toFixed(2),
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    };
    result.medianPairDifferencePercent = +median(result.pairDifferencesPercent).toFixed(2);
    result.meanPairDifferencePercent95 = meanInterval95(result.pairDifferencesPercent);
    // What polling costs as a share of the machine: on a CPU-bound run it can take at most this
    // much from the other processes (a bound that does not drown in the run-to-run noise).
    result.pollingShareOfMachinePercent = +((result.piconCpuPercentOfOneCore + result.nodeSideCpuPercentOfOneCore) / os.cpus().length).toFixed(2);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(
        [
          `${result.wrk}, ${ROUNDS} rounds each way, interleaved; lab of ${result.nodes} nodes; polls: ${result.polls}; service checks: ${result.serviceChecks}`,
          '  round   without picon   with picon (1 Hz)   difference   CPU % of a core: picon / nodes\' sshd sessions',
          ...result.rounds.map(
            (r, i) =>
              `  ${String(i + 1).padStart(5)}   ${String(r.withoutRps).padStart(9)} req/s   ${String(r.withRps).padStart(11)} req/s   ${`${result.pairDifferencesPercent[i] > 0 ? '+' : ''}${result.pairDifferencesPercent[i]} %`.padStart(10)}   ${r.piconCpuPercentOfOneCore.toFixed(1)} / ${r.nodeSideCpuPercentOfOneCore.toFixed(1)}`,
          ),
          `  mean    ${String(result.meanWithoutRps).padStart(9)} req/s   ${String(result.meanWithRps).padStart(11)} req/s   ${`${result.differencePercent > 0 ? '+' : ''}${result.differencePercent} %`.padStart(10)}   (target: ≤ 1 % lower)`,
          `  median of the paired differences ${result.medianPairDifferencePercent > 0 ? '+' : ''}${result.medianPairDifferencePercent} %; their mean ${result.meanPairDifferencePercent95.mean} %, 95 % interval ${result.meanPairDifferencePercent95.low} … ${result.meanPairDifferencePercent95.high} %`,
          `  polling's CPU (picon + the nodes' sessions and what they start) = ${result.pollingShareOfMachinePercent} % of this ${os.cpus().length}-core machine`,
          `  errors (socket + non-2xx/3xx) ${result.rounds.reduce((n, r) => n + r.errors, 0)}; load average after ${result.loadAverage.join(' ')}`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    const down = await picon('lab', 'down');
    if (!down.ok) log(`lab down failed: ${down.stderr.trim()}`);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(`bench/observer-effect: ${error.message}`);
  process.exitCode = 1;
});
