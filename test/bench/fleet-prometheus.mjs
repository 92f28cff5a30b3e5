#!/usr/bin/env node
// The fleet at scale with Prometheus as the health source, against SSH only: one refresh of every
// node's health (wall time), the console's CPU and RSS, and the SSH sessions open to workers while
// only watching (targets with Prometheus at 200 workers: refresh p95 ≤ 50 ms, console ≤ 3 % of one
// core, RSS ≤ 150 MB, 0 sessions).
//
//   npx tsc -p tsconfig.build.json && node test/bench/fleet-prometheus.mjs [--workers 200]
//        [--source prometheus|ssh] [--cycles 60] [--seconds 60] [--minutes 0] [--subnet 127.0.72] [--json]
//
// --source prometheus (default): `lab up --metrics prometheus` (node_exporter per node, Prometheus
// on the head); a refresh is the Prometheus health source's poll — its handful of queries for the
// whole fleet, src/adapters/health/prometheus-health-source.ts. --source ssh: the lab without
// metrics; a refresh is every node's SSH prober polled at once over its own connection (as
// test/bench/refresh-cycle.mjs, metrics only). Then `bin/picon --profile lab` runs in a private
// tmux server at 200×64: CPU (utime+stime of the process) over --seconds once every row is read,
// RSS at the start and after each of --minutes more, and the processes under each worker's sshd
// listener (its SSH sessions) at each of those points. Everything it started is stopped at the end.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';
import { readProfileFile } from '../../dist/adapters/profile/read-profile-file.js';
import { prometheusHealthSource } from '../../dist/adapters/health/prometheus-health-source.js';
import { createNodeProber } from '../../dist/adapters/health/node-prober.js';
import { openConnections } from '../../dist/cli/open-connections.js';
import { descendants } from '../../dist/adapters/lab/proc.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    workers: { type: 'string', default: '200' },
    source: { type: 'string', default: 'prometheus' },
    cycles: { type: 'string', default: '60' },
    seconds: { type: 'string', default: '60' },
    minutes: { type: 'string', default: '0' },
    subnet: { type: 'string', default: '127.0.72' },
    json: { type: 'boolean', default: false },
  },
});
if (args.source !== 'prometheus' && args.source !== 'ssh') {
  process.stderr.write(`fleet-prometheus.mjs: --source must be prometheus or ssh (got "${args.source}") (--help shows the options)\n`);
  process.exit(2);
}
const WORKERS = Number(args.workers);
const base = mkdtempSync(path.join(os.tmpdir(), 'picon-fleet-'));
const labDir = path.join(base, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: path.join(base, 'config'), PICON_LAB_DIR: labDir };
const picon = path.join(root, 'bin', 'picon');
const socket = `picon-fleet-${process.pid}`;
const tmux = (...a) => new Promise((resolve) => execFile('tmux', ['-L', socket, ...a], { env }, (e, out) => resolve(out)));
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const log = (line) => process.stderr.write(`${line}\n`);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const percentile = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const cpuSeconds = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(x[11]) + Number(x[12])) / 100;
};
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** The SSH sessions open on the workers now: every process under each worker's sshd listener. */
function workerSessions(lab) {
  return lab.nodes.filter((n) => n.role === 'worker').reduce((sum, n) => {
    const pid = n.services.find((s) => s.name === 'sshd')?.pid;
    return sum + (typeof pid === 'number' ? descendants(pid).length : 0);
  }, 0);
}

async function refreshes(profile) {
  const times = [];
  let readOk = 0;
  let poll;
  let close = () => undefined;
  if (args.source === 'prometheus') {
    const source = prometheusHealthSource({ spec: profile.metrics, nodes: profile.nodes });
    poll = async () => (await source.poll()).filter((r) => r.health.load.state === 'ok').length;
  } else {
    const connections = await openConnections(profile, { env, reconnect: true });
    await Promise.all(profile.nodes.map((n) => connections.get(n.name).ready(60_000)));
    const probers = profile.nodes.map((n) => createNodeProber({ node: { ...n, services: [] }, transport: connections.get(n.name) }));
    poll = async () => (await Promise.all(probers.map((p) => p.poll()))).filter((h) => h.load.state === 'ok').length;
    close = () => {
      for (const p of probers) p.stop();
      connections.closeAll();
    };
  }
  const warmup = 3;
  for (let i = 0; i < warmup + Number(args.cycles); i++) {
    const tick = performance.now();
    const read = await poll();
    const ms = performance.now() - tick;
    if (i >= warmup) {
      times.push(ms);
      readOk = read;
    }
    await sleep(1000 - (performance.now() - tick));
  }
  close();
  return { cycles: times.length, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), maxMs: Math.max(...times), nodesRead: readOk };
}

let pid;
try {
  log(`lab up: ${WORKERS} workers on ${args.subnet}${args.source === 'prometheus' ? ' with --metrics prometheus' : ''}…`);
  const upStarted = Date.now();
  const up = execFileSync(process.execPath, [picon, 'lab', 'up', '--workers', String(WORKERS), '--subnet', args.subnet, '--dir', labDir, '--json',
    ...(args.source === 'prometheus' ? ['--metrics', 'prometheus'] : [])], { env, timeout: 1_200_000, maxBuffer: 64 << 20 }).toString();
  const lab = JSON.parse(up);
  const labUpSeconds = (Date.now() - upStarted) / 1000;
  const read = await readProfileFile(lab.profile, { cwd: process.cwd(), homeDir: os.homedir() });
  if (!read.ok) throw new Error(`lab profile: ${read.errors.map((e) => e.message).join('; ')}`);
  log(`lab up in ${labUpSeconds.toFixed(0)} s; ${args.cycles} refreshes…`);
  const refresh = await refreshes(read.profile);
  log(`refresh: median ${refresh.medianMs.toFixed(1)} ms, p95 ${refresh.p95Ms.toFixed(1)} ms, max ${refresh.maxMs.toFixed(1)} ms; ${refresh.nodesRead} nodes read`);

  await tmux('new-session', '-d', '-s', 'c', '-x', '200', '-y', '64', '-e', `PICON_CONFIG_DIR=${env.PICON_CONFIG_DIR}`, '-e', `PICON_LAB_DIR=${labDir}`, `${process.execPath} ${picon} --profile lab; sleep 30`);
  for (let i = 0; i < 100 && pid === undefined; i++) {
    await sleep(100);
    const panePid = (await tmux('list-panes', '-t', 'c', '-F', '#{pane_pid}')).trim();
    const child = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', panePid]).toString().split('\n').find((l) => l.includes('picon'));
    if (child !== undefined) pid = Number(child.trim().split(/\s+/)[0]);
  }
  if (pid === undefined) throw new Error('picon did not start in tmux');
  const nodes = WORKERS + 1;
  let allUp = false;
  for (let i = 0; i < 240 && !allUp; i++) {
    allUp = new RegExp(`nodes ${nodes}/${nodes} up`).test(await tmux('capture-pane', '-p', '-t', 'c'));
    if (!allUp) await sleep(500);
  }
  await sleep(5000);
  const sessions = [workerSessions(lab)];
  const c0 = cpuSeconds(pid);
  const t0 = Date.now();
  await sleep(Number(args.seconds) * 1000);
  const used = cpuSeconds(pid) - c0;
  const wall = (Date.now() - t0) / 1000;
  const rss = [{ minute: 0, mb: rssMb(pid) }];
  sessions.push(workerSessions(lab));
  log(`console CPU over ${wall.toFixed(0)} s: ${((used / wall) * 100).toFixed(2)} % of one core; RSS ${rss[0].mb.toFixed(1)} MB; worker SSH sessions ${sessions.join(', ')}`);
  for (let m = 1; m <= Number(args.minutes); m++) {
    await sleep(60_000);
    rss.push({ minute: m, mb: rssMb(pid) });
    sessions.push(workerSessions(lab));
    log(`  after ${m} more min: RSS ${rss[m].mb.toFixed(1)} MB, worker SSH sessions ${sessions.at(-1)}`);
  }
  const total = used + (Number(args.minutes) > 0 ? 0 : 0);
  const cpuAll = cpuSeconds(pid) - c0;
  const wallAll = (Date.now() - t0) / 1000;
  const result = {
    source: args.source, workers: WORKERS, labUpSeconds, refresh,
    console: { allRowsUp: allUp, cpuPercentOfCore: (used / wall) * 100, seconds: wall, cpuPercentWholeRun: (cpuAll / wallAll) * 100, wholeRunSeconds: wallAll, rssMb: rss, cpuSeconds: total },
    workerSshSessions: sessions, loadAverage: os.loadavg(),
  };
  if (args.json) console.log(JSON.stringify(result));
  else log(`whole run: ${result.console.cpuPercentWholeRun.toFixed(2)} % of one core over ${wallAll.toFixed(0)} s; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await tmux('kill-server');
  try {
    execFileSync(process.execPath, [picon, 'lab', 'down', '--dir', labDir], { env, stdio: 'ignore', timeout: 300_000 });
  } catch {}
  rmSync(base, { recursive: true, force: true });
}
