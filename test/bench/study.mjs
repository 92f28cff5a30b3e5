#!/usr/bin/env node
// The default study on the lab (head + 4 workers: three Pi Zeros and a Pi 3), as `picon study`
// runs it: 7 targets × 2 endpoints, 3 interleaved rounds × 5 s a cell, -c 100, the built-in
// engine. Prints the study's tables as picon prints them, the wall time, the load average before
// and after, and the checks the lab's design calls for:
//   - the whole study finishes in under 5 minutes;
//   - the Pi 3's app alone serves ≥ 2× a Pi Zero's app alone on the work endpoint;
//   - the cached page is far above the uncached one (the Cluster column: cached ≥ 5× work req/s).
//
//   npx tsc -p tsconfig.build.json && flock /tmp/picon-e2e.lock node test/bench/study.mjs \
//     [--rounds 3] [--seconds 5] [--subnet 127.0.61] [--format human|markdown]
//
// Brings a lab up on --subnet and down again at the end; its history goes to a temp dir. Exit 0
// when every check holds, 1 when one does not. The machine is shared: the load average says how.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    subnet: { type: 'string', default: '127.0.61' },
    format: { type: 'string', default: 'human' },
  },
});
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-study-'));
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: path.join(tmp, 'lab'), PICON_DATA_DIR: path.join(tmp, 'data') };
const log = (line) => process.stderr.write(`${line}\n`);
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const LIMIT_S = 300;

const picon = (...argv) =>
  new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/picon'), ...argv], { env, timeout: 900_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : (error.code ?? 1), stdout, stderr }),
    );
  });

let failed = false;
try {
  const up = await picon('lab', 'up', '--subnet', args.subnet, '--json');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  const loadBefore = loadavg();
  log(`lab up on ${args.subnet}; the study runs (load average ${loadBefore})…`);
  const started = Date.now();
  const study = await picon('--profile', 'lab', 'study', '--rounds', args.rounds, '--seconds', args.seconds, '--json');
  const seconds = (Date.now() - started) / 1000;
  const loadAfter = loadavg();
  if (study.code !== 0) throw new Error(`picon study exited ${study.code}: ${study.stderr || study.stdout.slice(0, 500)}`);
  const result = JSON.parse(study.stdout);
  const shown = await picon('--profile', 'lab', 'study', 'show', result.id, '--format', args.format);
  process.stdout.write(shown.stdout);
  const cell = (column, endpoint) => result.cells.find((c) => c.column === column && c.endpoint === endpoint)?.requestsPerSecond ?? null;
  const zeroApp = result.columns.find((c) => c.kind === 'app' && c.model === 'Pi Zero');
  const pi3App = result.columns.find((c) => c.kind === 'app' && c.model === 'Pi 3');
  const zero = zeroApp === undefined ? null : cell(zeroApp.id, 'work');
  const pi3 = pi3App === undefined ? null : cell(pi3App.id, 'work');
  const cached = cell('cluster', 'cached');
  const work = cell('cluster', 'work');
  const checks = [
    [`the study took ${seconds.toFixed(0)} s (${result.cells.length} cells × ${result.settings.rounds} rounds × ${result.settings.secondsPerCell} s), under ${LIMIT_S} s`, seconds < LIMIT_S],
    [`Pi 3 app alone ≥ 2× a Pi Zero's app alone on the work endpoint: ${pi3?.toFixed(2)} vs ${zero?.toFixed(2)} req/s = ${pi3 !== null && zero ? (pi3 / zero).toFixed(2) : '-'}×`, pi3 !== null && zero !== null && pi3 >= 2 * zero],
    [`cached page far above uncached (Cluster, ≥ 5×): ${cached?.toFixed(2)} vs ${work?.toFixed(2)} req/s = ${cached !== null && work ? (cached / work).toFixed(1) : '-'}×`, cached !== null && work !== null && cached >= 5 * work],
  ];
  process.stdout.write(`\nstudy ${result.id}: ${seconds.toFixed(1)} s wall; load average before ${loadBefore}, after ${loadAfter}; ${os.cpus().length} cores\n`);
  for (const [text, ok] of checks) {
    process.stdout.write(`${ok ? 'PASS' : 'FAIL'}  ${text}\n`);
    if (!ok) failed = true;
  }
} catch (error) {
  log(`study bench: ${error.message}`);
  failed = true;
} finally {
  await picon('lab', 'down');
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
