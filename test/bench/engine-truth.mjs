#!/usr/bin/env node
// The built-in load-test engine (raw sockets in worker threads) against `wrk` on the same targets,
// in the same script, in interleaved rounds: the lab's HAProxy frontend and one worker's nginx.
// Target (issue #14): built-in >= 1.0 x wrk with the same threads and connections, as the median
// of the rounds' own ratios (each round runs both, so both meet the same moment of a shared
// machine). Also prints each engine's CPU per 1000 requests and the load average.
// Prints the figures; exits 1 when a target misses.
//
//   npx tsc -p tsconfig.build.json && node test/bench/engine-truth.mjs [--rounds 3] [--seconds 5] \
//     [--connections 50] [--rest 5] [--subnet 127.0.19] [--threads N] [--wrk-threads N] [--also NAME=path/to/builtin-engine.js | NAME=threads:N]... [--json]
//
// Brings a lab up on --subnet and down again at the end. The built-in engine runs with its default
// thread count (defaultThreads: one per core but one, 1-4) unless --threads is given, and wrk with
// the same number of threads unless --wrk-threads is given: on a busy machine the scheduler shares
// the cores out by thread, so a generator with more threads gets more of them.
// --also adds another engine to the rounds: a module exporting builtinEngine() (e.g. an older build)
// or the built-in engine with another thread count.
// Every run starts after the same rest (--rest seconds since the previous run ended): this VM
// runs faster after a pause than straight after a busy run, which favoured whichever engine
// followed a slow step.
// CPU: the built-in engine's threads live in this process (process.cpuUsage); wrk and any child
// processes are measured from this process's reaped-children times in /proc/self/stat.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { builtinEngine, defaultThreads } = await import(path.join(root, 'dist/adapters/loadtest/builtin-engine.js'));
const { parseWrkReport } = await import(path.join(root, 'dist/core/loadtest/wrk-report.js'));

const { values: args } = benchArgs(import.meta.url, {
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rest: { type: 'string', default: '5' },
    subnet: { type: 'string', default: '127.0.19' },
    threads: { type: 'string' },
    'wrk-threads': { type: 'string' },
    also: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const TARGET_RATIO = 1.0;
const BUILTIN_THREADS = args.threads === undefined ? defaultThreads(os.availableParallelism()) : Number(args.threads);
const WRK_THREADS = args['wrk-threads'] === undefined ? BUILTIN_THREADS : Number(args['wrk-threads']);
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-engine-'));
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: path.join(tmp, 'lab') };

function run(program, argv) {
  return new Promise((resolve) => {
    execFile(program, argv, { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : (error.code ?? 1), stdout, stderr }),
    );
  });
}
const picon = (...argv) => run(process.execPath, [path.join(root, 'bin/picon'), ...argv]);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** CPU ms used so far by this process (all threads) and by its reaped children. */
function cpuMs() {
  const self = process.cpuUsage();
  // /proc/self/stat: fields after the ")" — cutime and cstime are the 14th and 15th (clock ticks).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const tick = 1000 / 100;
  return { self: (self.user + self.system) / 1000, children: (Number(fields[13]) + Number(fields[14])) * tick };
}

let lastRunEnd = 0;
async function measure(fn) {
  await new Promise((r) => setTimeout(r, Math.max(0, Number(args.rest) * 1000 - (Date.now() - lastRunEnd))));
  const before = cpuMs();
  const { rps, requests } = await fn();
  const after = cpuMs();
  lastRunEnd = Date.now();
  const cpu = after.self - before.self + (after.children - before.children);
  return { rps, cpuPer1000: (cpu / requests) * 1000 };
}

const wrk = (url) =>
  measure(async () => {
    const r = await run('wrk', ['-t', String(WRK_THREADS), '-c', String(CONNECTIONS), '-d', `${SECONDS}s`, '--latency', url]);
    const report = parseWrkReport(r.stdout);
    if (!report.ok) throw new Error(`wrk: ${report.reason} ${r.stderr}`);
    return { rps: report.value.requestsPerSecond, requests: report.value.requests };
  });

const engine = (make) => (url) =>
  measure(async () => {
    const outcome = await make()({
      plan: { url, target: 'url', method: 'GET', concurrency: CONNECTIONS, limit: { kind: 'duration', seconds: SECONDS }, keepAlive: true, headers: {}, engine: 'builtin' },
      runId: 'truth',
    });
    if (!outcome.ok) throw new Error(`engine: ${outcome.reason}`);
    // An engine that ends child processes lets them be reaped before its CPU is read.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { rps: outcome.result.requestsPerSecond, requests: outcome.result.completed };
  });

const threads = args.threads === undefined ? {} : { threads: Number(args.threads) };
const engines = [
  { name: 'wrk', run: wrk },
  { name: 'built-in', run: engine(() => builtinEngine(threads)) },
];
for (const spec of args.also) {
  const [name, what] = spec.split('=');
  if (what.startsWith('threads:')) {
    engines.push({ name, run: engine(() => builtinEngine({ threads: Number(what.slice('threads:'.length)) })) });
  } else {
    const mod = await import(path.resolve(what));
    engines.push({ name, run: engine(() => mod.builtinEngine()) });
  }
}

async function main() {
  const up = await picon('lab', 'up', '--subnet', args.subnet, '--json');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  const lab = JSON.parse(up.stdout);
  const results = [];
  try {
    const p1 = lab.nodes.find((n) => n.name === 'p1');
    const targets = [
      { name: 'frontend (HAProxy → nginx)', url: `http://${args.subnet}.1:8080/` },
      { name: 'one nginx (p1)', url: `http://${p1.address}:8080/` },
    ];
    for (const target of targets) {
      const seen = new Map(engines.map((e) => [e.name, []]));
      await wrk(target.url); // warm-up: caches, connections, JIT
      for (let i = 0; i < ROUNDS; i++) {
        // Interleaved, and each round starts with the next engine, so drift hits all alike.
        for (let k = 0; k < engines.length; k++) {
          const e = engines[(i + k) % engines.length];
          seen.get(e.name).push(await e.run(target.url));
        }
        const line = engines.map((e) => `${e.name} ${seen.get(e.name).at(-1).rps.toFixed(0)}`).join(', ');
        log(`${target.name} round ${i + 1} (load ${os.loadavg()[0].toFixed(1)}): ${line} req/s`);
      }
      const summary = Object.fromEntries(
        engines.map((e) => [e.name, { rps: median(seen.get(e.name).map((m) => m.rps)), cpuMsPer1000: median(seen.get(e.name).map((m) => m.cpuPer1000)) }]),
      );
      const ratio = summary['built-in'].rps / summary.wrk.rps;
      // The same round's runs side by side: less swayed by whatever else the machine did meanwhile.
      const paired = Object.fromEntries(
        engines.filter((e) => e.name !== 'wrk').map((e) => [e.name, median(seen.get(e.name).map((m, i) => m.rps / seen.get('wrk')[i].rps))]),
      );
      results.push({ target: target.name, url: target.url, engines: summary, ratio, pairedRatios: paired, pass: paired['built-in'] >= TARGET_RATIO });
    }
  } finally {
    await picon('lab', 'down');
    rmSync(tmp, { recursive: true, force: true });
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, builtinThreads: BUILTIN_THREADS, wrkThreads: WRK_THREADS, cores: os.cpus().length, results }, null, 2)}\n`);
  } else {
    process.stdout.write(`built-in engine (${BUILTIN_THREADS} thread${BUILTIN_THREADS === 1 ? '' : 's'}) vs wrk -t${WRK_THREADS}, -c ${CONNECTIONS}, ${SECONDS} s x ${ROUNDS} rounds (medians), ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    for (const r of results) {
      const cells = Object.entries(r.engines).map(([name, m]) => `${name} ${m.rps.toFixed(0).padStart(7)} req/s ${m.cpuMsPer1000.toFixed(1).padStart(5)} ms CPU/1000`);
      process.stdout.write(`  ${r.target.padEnd(28)} ${cells.join('  ')}  ratio of medians ${r.ratio.toFixed(2)}\n`);
      const paired = Object.entries(r.pairedRatios).map(([name, x]) => `${name} ${x.toFixed(2)}`).join(', ');
      process.stdout.write(`  ${''.padEnd(28)} median of the rounds' own ratios to wrk: ${paired}  ${r.pass ? 'ok' : `below ${TARGET_RATIO.toFixed(1)}`}\n`);
    }
  }
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`engine-truth: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
