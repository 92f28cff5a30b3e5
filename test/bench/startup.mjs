#!/usr/bin/env node
// How fast `picon --version` and `picon --help` answer (target ≤ 150 ms: they must not load
// React/Ink or ssh2), against bare `node -e 0` in the same run. Prints medians and the overhead.
//
//   npx tsc -p tsconfig.build.json && node test/bench/startup.mjs [--runs 20] [--json]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, { options: { runs: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
const RUNS = Number(args.runs);
const bin = path.join(root, 'bin', 'picon');

function timeOnce(argv) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - started) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ways = { 'node -e 0': ['-e', '0'], 'picon --version': [bin, '--version'], 'picon --help': [bin, '--help'] };
const times = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (const argv of Object.values(ways)) timeOnce(argv);
for (let i = 0; i < RUNS; i++) for (const [name, argv] of Object.entries(ways)) times[name].push(timeOnce(argv));
const result = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +median(v).toFixed(1)]));
const overhead = +(result['picon --version'] - result['node -e 0']).toFixed(1);
if (args.json) {
  process.stdout.write(`${JSON.stringify({ runs: RUNS, medianMs: result, versionOverNodeMs: overhead }, null, 2)}\n`);
} else {
  process.stdout.write(`startup, median of ${RUNS} runs\n`);
  for (const [k, v] of Object.entries(result)) process.stdout.write(`  ${k.padEnd(16)} ${String(v).padStart(6)} ms\n`);
  process.stdout.write(`  --version costs ${overhead} ms over bare node (target: --version ≤ 150 ms in all)\n`);
}
