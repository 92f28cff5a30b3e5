#!/usr/bin/env node
// How soon `picon` draws its first frame in a real terminal (target ≤ 0.5 s), against a bare
// `node -e` that prints one line, in the same run and the same terminal (tmux), so what tmux and
// Node.js's own start cost is visible beside picon's.
//
//   npx tsc -p tsconfig.build.json && node test/bench/first-frame.mjs [--runs 10] [--subnet 127.0.28] [--json]
//
// Brings the default lab (head + 4 workers) up on --subnet, then for each run starts a private
// tmux server at 120×40 whose only pane runs the command directly (bin/picon as a person runs
// it: its own first line's Node.js flags), and polls the pane every 5 ms until the first frame's
// header ("picon lab") is on screen; then quits it with q. Everything it started is stopped.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: { runs: { type: 'string', default: '10' }, subnet: { type: 'string', default: '127.0.28' }, json: { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);
const base = mkdtempSync(path.join(os.tmpdir(), 'picon-first-frame-'));
const env = { ...process.env, PICON_CONFIG_DIR: path.join(base, 'config'), PICON_LAB_DIR: path.join(base, 'lab'), PICON_DATA_DIR: path.join(base, 'data') };
const picon = path.join(root, 'bin', 'picon');
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tmux(socket, ...a) {
  return new Promise((resolve) => execFile('tmux', ['-L', socket, ...a], { env }, (_e, out) => resolve(out)));
}

/** ms from starting tmux with `command` until `seen` is on its screen. */
async function timeToScreen(command, seen) {
  const socket = `picon-first-frame-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const started = performance.now();
  await tmux(socket, 'new-session', '-d', '-s', 'f', '-x', '120', '-y', '40', '-e', `PICON_CONFIG_DIR=${env.PICON_CONFIG_DIR}`, '-e', `PICON_DATA_DIR=${env.PICON_DATA_DIR}`, `${command}; sleep 30`);
  try {
    for (;;) {
      if ((await tmux(socket, 'capture-pane', '-p', '-t', 'f')).includes(seen)) return performance.now() - started;
      if (performance.now() - started > 15_000) throw new Error(`"${seen}" not on screen after 15 s`);
      await sleep(5);
    }
  } finally {
    await tmux(socket, 'send-keys', '-t', 'f', 'q');
    await sleep(300);
    await tmux(socket, 'kill-server');
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

try {
  log(`lab up on ${args.subnet}…`);
  execFileSync(process.execPath, [picon, 'lab', 'up', '--subnet', args.subnet, '--dir', env.PICON_LAB_DIR], { env, stdio: 'ignore', timeout: 300_000 });
  const ways = {
    'node -e (one line)': [`${process.execPath} -e "console.log('node up'); setTimeout(() => {}, 5000)"`, 'node up'],
    'picon (first frame)': [`${picon} --profile lab`, 'picon lab'],
  };
  const times = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  for (const [cmd, seen] of Object.values(ways)) await timeToScreen(cmd, seen); // warm the page cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [cmd, seen]] of Object.entries(ways)) times[name].push(await timeToScreen(cmd, seen));
    log(`run ${i + 1}: ${Object.entries(times).map(([k, v]) => `${k} ${v.at(-1).toFixed(0)} ms`).join(', ')}`);
  }
  const result = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { medianMs: +median(v).toFixed(0), maxMs: +max(v).toFixed(0) }]));
  const overMs = result['picon (first frame)'].medianMs - result['node -e (one line)'].medianMs;
  if (args.json) process.stdout.write(`${JSON.stringify({ runs: RUNS, result, piconOverNodeMs: overMs, loadAverage: os.loadavg() }, null, 2)}\n`);
  else {
    process.stdout.write(`time to screen in tmux 120×40, ${RUNS} runs (median / max)\n`);
    for (const [k, v] of Object.entries(result)) process.stdout.write(`  ${k.padEnd(22)} ${String(v.medianMs).padStart(5)} / ${v.maxMs} ms\n`);
    process.stdout.write(`  picon's first frame comes ${overMs} ms after a bare Node.js line (target: first frame ≤ 500 ms); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  }
} finally {
  try {
    execFileSync(process.execPath, [picon, 'lab', 'down', '--dir', env.PICON_LAB_DIR], { env, stdio: 'ignore', timeout: 120_000 });
  } catch {}
  rmSync(base, { recursive: true, force: true });
}
