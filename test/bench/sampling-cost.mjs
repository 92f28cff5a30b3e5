#!/usr/bin/env node
// What the run sampler costs a load test: the req/s of `picon bench home` with every node sampled
// each second (the default) against the same run with sampling off during the run
// (PICON_RUN_SAMPLING=off: the samples before and after the run only — the switch exists for this
// bench), in paired rounds, alternating which goes first (ABBA) so drift in the machine's load hits
// both alike, with a rest before every run. The figure is the median of the per-pair ratios
// (with ÷ without); the load average is printed before and after, since on a shared machine it
// moves the figures more than the sampler does.
//
//   npx tsc -p tsconfig.build.json && node test/bench/sampling-cost.mjs [--pairs 5] [--seconds 5]
//        [--connections 16] [--rest 2] [--subnet 127.0.53] [--json]
//
// Everything shares this machine's cores: the engine, HAProxy, nginx, the apps, the lab's sshd,
// and the sampler's one command per node per second. Brings a lab up on --subnet (head + 4
// workers) and down again at the end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'picon');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    pairs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    rest: { type: 'string', default: '2' },
    subnet: { type: 'string', default: '127.0.53' },
    json: { type: 'boolean', default: false },
  },
});
const PAIRS = Number(args.pairs);
const SECONDS = Number(args.seconds);
if (!(PAIRS >= 1 && PAIRS <= 30 && SECONDS >= 1 && SECONDS <= 60)) throw new Error('--pairs 1–30, --seconds 1–60');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-sampling-cost-'));
const labDir = path.join(tmp, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: path.join(tmp, 'config'), PICON_DATA_DIR: path.join(tmp, 'data'), PICON_LAB_DIR: labDir };

function picon(argv, extraEnv = {}) {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bin, ...argv], { env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`picon ${argv.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

async function round(sampling) {
  await sleep(Number(args.rest) * 1000);
  const out = await picon(['--profile', 'lab', 'bench', 'home', '-d', String(SECONDS), '-c', args.connections, '--json'], sampling ? {} : { PICON_RUN_SAMPLING: 'off' });
  const record = JSON.parse(out);
  const perNode = record.samples?.summary.nodes.map((n) => n.samples) ?? [];
  return { rps: record.result.requestsPerSecond, samples: Math.max(0, ...perNode) };
}

const loadBefore = load();
await picon(['lab', 'up', '--subnet', args.subnet, '--dir', labDir]);
const pairs = [];
try {
  for (let i = 0; i < PAIRS; i++) {
    const order = i % 2 === 0 ? [false, true] : [true, false];
    const got = {};
    for (const sampling of order) got[sampling ? 'with' : 'without'] = await round(sampling);
    pairs.push({ ...got, ratio: got.with.rps / got.without.rps });
    if (!args.json) process.stderr.write(`pair ${i + 1}: without ${got.without.rps.toFixed(0)} req/s (${got.without.samples} samples/node), with ${got.with.rps.toFixed(0)} req/s (${got.with.samples} samples/node), ratio ${(got.with.rps / got.without.rps).toFixed(3)}\n`);
  }
} finally {
  await picon(['lab', 'down', '--dir', labDir]).catch((e) => process.stderr.write(`${e.message}\n`));
  rmSync(tmp, { recursive: true, force: true });
}
const ratio = median(pairs.map((p) => p.ratio));
const result = {
  pairs: PAIRS, seconds: SECONDS, connections: Number(args.connections),
  medianRatio: Number(ratio.toFixed(4)),
  costPercent: Number(((1 - ratio) * 100).toFixed(2)),
  ratios: pairs.map((p) => Number(p.ratio.toFixed(4))),
  loadBefore, loadAfter: load(), cores: os.availableParallelism(),
};
if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(`sampling cost: median ratio with/without ${result.medianRatio} → ${result.costPercent} % of req/s (${PAIRS} pairs of ${SECONDS} s, -c ${args.connections})\n`);
  process.stdout.write(`ratios ${result.ratios.join(' ')}; load average before ${loadBefore}, after ${result.loadAfter} (${result.cores} cores)\n`);
}
