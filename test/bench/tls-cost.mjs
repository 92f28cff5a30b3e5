#!/usr/bin/env node
// The cost of TLS on the head: the lab's HAProxy frontend over http and over https (the lab CA's
// ECDSA P-256 certificate), with keep-alive and without (a new connection, so a full handshake,
// per request), in paired rounds (http then https, the order swapped each round, so drift hits
// both alike). Prints, per mode, the median req/s and HAProxy's CPU per request (its master and
// worker processes, from /proc), and the https / http ratios; the load average before and after.
//
//   npx tsc -p tsconfig.build.json && node test/bench/tls-cost.mjs [--rounds 3] [--seconds 3] \
//     [--connections 20] [--rest 1] [--subnet 127.0.65] [--json]
//
// Brings a lab up on --subnet and down again at the end. The load comes from the built-in engine
// in this process (one thread), checking the certificate against the lab CA as a client would.
// The machine is shared (2 cores, other work beside it): read the ratios, not the absolute figures.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { builtinEngine } = await import(path.join(root, 'dist/adapters/loadtest/builtin-engine.js'));

const { values: args } = benchArgs(import.meta.url, {
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    rest: { type: 'string', default: '1' },
    subnet: { type: 'string', default: '127.0.65' },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-tls-'));
const labDir = path.join(tmp, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: labDir };
const TICK_MS = 10;

const picon = (...argv) =>
  new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/picon'), ...argv], { env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : (error.code ?? 1), stdout, stderr }),
    );
  });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** CPU ms of every haproxy process whose command line names the lab's directory (master and worker). */
function haproxyCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('haproxy') || !cmdline.includes(labDir)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * TICK_MS;
}

async function measure(url, keepAlive, ca) {
  await new Promise((r) => setTimeout(r, Number(args.rest) * 1000));
  const before = haproxyCpuMs();
  const outcome = await builtinEngine({ ca, threads: 1 })({
    plan: { url, target: 'url', method: 'GET', concurrency: CONNECTIONS, limit: { kind: 'duration', seconds: SECONDS }, keepAlive, headers: {}, engine: 'builtin' },
    runId: 'tls-cost',
  });
  const cpu = haproxyCpuMs() - before;
  if (!outcome.ok) throw new Error(`${url}: ${outcome.reason}`);
  const r = outcome.result;
  return { rps: r.requestsPerSecond, p50Ms: r.latency.p50Ms, cpuUsPerRequest: (cpu * 1000) / Math.max(1, r.completed), failed: r.failed };
}

async function main() {
  const loadBefore = loadavg();
  const up = await picon('lab', 'up', '--subnet', args.subnet, '--json');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  const ca = readFileSync(path.join(labDir, 'ca.pem'), 'utf8');
  const http = `http://${args.subnet}.1:8080/`;
  const https = `https://${args.subnet}.1:8443/`;
  const results = [];
  try {
    for (const keepAlive of [true, false]) {
      const mode = keepAlive ? 'keep-alive' : 'no keep-alive';
      await measure(https, keepAlive, ca); // warm-up: caches, JIT
      const seen = { http: [], https: [] };
      for (let i = 0; i < ROUNDS; i++) {
        const order = i % 2 === 0 ? ['http', 'https'] : ['https', 'http'];
        for (const scheme of order) seen[scheme].push(await measure(scheme === 'http' ? http : https, keepAlive, ca));
        log(`${mode} round ${i + 1} (load ${os.loadavg()[0].toFixed(2)}): http ${seen.http.at(-1).rps.toFixed(0)}, https ${seen.https.at(-1).rps.toFixed(0)} req/s`);
      }
      const summary = (list) => ({ rps: median(list.map((m) => m.rps)), p50Ms: median(list.map((m) => m.p50Ms)), cpuUsPerRequest: median(list.map((m) => m.cpuUsPerRequest)), failed: list.reduce((s, m) => s + m.failed, 0) });
      const h = summary(seen.http);
      const s = summary(seen.https);
      const pairedRps = median(seen.https.map((m, i) => m.rps / seen.http[i].rps));
      results.push({ mode, http: h, https: s, httpsRpsRatio: pairedRps, tlsCpuUsPerRequest: s.cpuUsPerRequest - h.cpuUsPerRequest });
    }
  } finally {
    await picon('lab', 'down');
    rmSync(tmp, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, cores: os.cpus().length, loadBefore, loadAfter, results }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`HAProxy on the lab head, http vs https (ECDSA P-256), -c ${CONNECTIONS}, ${SECONDS} s x ${ROUNDS} paired rounds (medians), ${os.cpus().length} cores\n`);
  process.stdout.write(`load average before ${loadBefore}, after ${loadAfter}\n`);
  for (const r of results) {
    const cell = (m) => `${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50Ms.toFixed(2).padStart(6)} ms  HAProxy ${m.cpuUsPerRequest.toFixed(0).padStart(5)} µs CPU/request`;
    process.stdout.write(`  ${r.mode.padEnd(14)} http  ${cell(r.http)}\n  ${''.padEnd(14)} https ${cell(r.https)}\n`);
    process.stdout.write(`  ${''.padEnd(14)} https/http req/s ${r.httpsRpsRatio.toFixed(2)} (paired); TLS costs HAProxy ${r.tlsCpuUsPerRequest.toFixed(0)} µs CPU per request${r.http.failed + r.https.failed > 0 ? `; ${r.http.failed + r.https.failed} failed` : ''}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`tls-cost: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
