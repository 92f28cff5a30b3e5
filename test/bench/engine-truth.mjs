#!/usr/bin/env node
// The built-in load-test engine (autocannon in a child process) against `wrk` on the same
// targets, in the same script, alternating: the lab's HAProxy frontend and one worker's nginx.
// Target: built-in req/s >= 0.9 x wrk req/s. Prints the figures; exits 1 when a target misses.
//
//   npx tsc -p tsconfig.build.json && node test/bench/engine-truth.mjs [--rounds 3] [--seconds 5] [--connections 50] [--subnet 127.0.17] [--json]
//
// Brings a lab up on --subnet and down again at the end. wrk runs with its default 2 threads;
// the built-in engine is one process (autocannon is single-threaded).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..', '..');
const { builtinEngine } = await import(path.join(root, 'dist/adapters/loadtest/builtin-engine.js'));
const { parseWrkReport } = await import(path.join(root, 'dist/core/loadtest/wrk-report.js'));

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    subnet: { type: 'string', default: '127.0.17' },
    json: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const TARGET_RATIO = 0.9;
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

async function wrk(url) {
  const r = await run('wrk', ['-c', String(CONNECTIONS), '-d', `${SECONDS}s`, '--latency', url]);
  const report = parseWrkReport(r.stdout);
  if (!report.ok) throw new Error(`wrk: ${report.reason} ${r.stderr}`);
  return report.value.requestsPerSecond;
}

async function builtin(url) {
  const outcome = await builtinEngine()({
    plan: { url, target: 'url', method: 'GET', concurrency: CONNECTIONS, limit: { kind: 'duration', seconds: SECONDS }, keepAlive: true, headers: {}, engine: 'builtin' },
    runId: 'truth',
  });
  if (!outcome.ok) throw new Error(`built-in: ${outcome.reason}`);
  return outcome.result.requestsPerSecond;
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
      const w = [];
      const b = [];
      await wrk(target.url); // warm-up: caches, connections, JIT
      for (let i = 0; i < ROUNDS; i++) {
        w.push(await wrk(target.url));
        b.push(await builtin(target.url));
        log(`${target.name} round ${i + 1}: wrk ${w.at(-1).toFixed(0)} req/s, built-in ${b.at(-1).toFixed(0)} req/s`);
      }
      const ratio = median(b) / median(w);
      results.push({ target: target.name, url: target.url, wrkRps: median(w), builtinRps: median(b), ratio, pass: ratio >= TARGET_RATIO });
    }
  } finally {
    await picon('lab', 'down');
    rmSync(tmp, { recursive: true, force: true });
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, cores: os.cpus().length, results }, null, 2)}\n`);
  } else {
    process.stdout.write(`built-in engine vs wrk, -c ${CONNECTIONS}, ${SECONDS} s x ${ROUNDS} rounds (medians), ${os.cpus().length} cores\n`);
    for (const r of results) {
      process.stdout.write(`  ${r.target.padEnd(28)} wrk ${r.wrkRps.toFixed(0).padStart(7)} req/s  built-in ${r.builtinRps.toFixed(0).padStart(7)} req/s  ratio ${r.ratio.toFixed(2)}  ${r.pass ? 'ok' : `below ${TARGET_RATIO}`}\n`);
    }
  }
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`engine-truth: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
