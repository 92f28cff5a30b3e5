#!/usr/bin/env node
// SIGKILL `picon drain p1` at a random moment of its run, again and again, on the lab, and check
// the audit journal after each kill: no change without a record, and every action killed between
// its intent and its result reported by the next `picon status` exactly once (a second status
// reports nothing). Prints the count of each outcome, and every violation.
//
//   npx tsc -p tsconfig.build.json && flock /tmp/picon-e2e.lock node test/bench/journal-kill.mjs [--runs 30] [--subnet 127.0.42] [--json]
//
// Odd runs kill uniformly between 0 and 1.3 × the median time of an uninterrupted `drain p1`
// (measured first, 3 runs) — most of which is connecting and reading, before the intent. Even
// runs kill 0 to 1.5 × the median intent-to-result time after the intent line appears in the
// journal (watched with statSync every millisecond). Brings a lab up on --subnet and down again at the end.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    runs: { type: 'string', default: '30' },
    subnet: { type: 'string', default: '127.0.42' },
    json: { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-journal-kill-'));
const dataDir = path.join(tmp, 'data');
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: path.join(tmp, 'lab'), PICON_DATA_DIR: dataDir };
const bin = path.join(root, 'bin/picon');

function run(program, argv, stdin = '') {
  return new Promise((resolve) => {
    const child = execFile(program, argv, { env, timeout: 60_000 }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : (error.code ?? 1), stdout, stderr }));
    child.stdin.end(stdin);
  });
}
const picon = (...argv) => run(process.execPath, [bin, ...argv]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function journal() {
  try {
    return readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

async function p1Status(socket) {
  const out = (await run('socat', ['-', `UNIX-CONNECT:${socket}`], 'show stat\n')).stdout.split('\n');
  const cols = out[0].replace(/^# /, '').split(',');
  const row = out.map((l) => l.split(',')).find((c) => c[cols.indexOf('pxname')] === 'web' && c[cols.indexOf('svname')] === 'p1');
  return row?.[cols.indexOf('status')];
}

const journalSize = () => {
  try {
    return statSync(path.join(dataDir, 'audit.jsonl')).size;
  } catch {
    return 0;
  }
};

/** Runs `drain p1`, SIGKILLed `killMs` after it starts (or, with afterIntent, after the journal grows) unless it ends first. */
function drainKilledAfter(killMs, afterIntent = false) {
  return new Promise((resolve) => {
    const started = Date.now();
    const size = journalSize();
    const child = spawn(process.execPath, [bin, '--profile', 'lab', 'drain', 'p1', '--yes'], { env, stdio: 'ignore' });
    let timer;
    let watch;
    if (afterIntent) {
      watch = setInterval(() => {
        if (journalSize() === size) return;
        clearInterval(watch);
        timer = setTimeout(() => child.kill('SIGKILL'), killMs);
      }, 1);
    } else timer = setTimeout(() => child.kill('SIGKILL'), killMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ killed: signal === 'SIGKILL', code, ms: Date.now() - started });
    });
  });
}

async function main() {
  const up = await picon('lab', 'up', '--subnet', args.subnet, '--json');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  const lab = JSON.parse(up.stdout);
  const counts = { finished: 0, 'killed before the intent (p1 unchanged, no record)': 0, 'killed between intent and act (reported, HAProxy says UP)': 0, 'killed between act and result (reported, HAProxy says DRAIN)': 0, 'killed after the result (nothing to report)': 0 };
  const violations = [];
  try {
    const times = [];
    const acts = [];
    for (let i = 0; i < 3; i++) {
      const before = journal().length;
      const t = await drainKilledAfter(60_000);
      times.push(t.ms);
      const [intent, result] = journal().slice(before);
      acts.push(Date.parse(result.time) - Date.parse(intent.time));
      await picon('--profile', 'lab', 'ready', 'p1');
    }
    const window = Math.round(median(times) * 1.3);
    const actWindow = Math.max(5, Math.round(median(acts) * 1.5));
    log(`uninterrupted drain p1: ${times.join(', ')} ms, intent to result ${acts.join(', ')} ms; killing within 0–${window} ms of the start (odd runs), 0–${actWindow} ms of the intent (even runs)`);
    for (let i = 0; i < Number(args.runs); i++) {
      const before = journal().length;
      const afterIntent = i % 2 === 1;
      const killMs = Math.round(Math.random() * (afterIntent ? actWindow : window));
      const r = await drainKilledAfter(killMs, afterIntent);
      const lines = journal().slice(before);
      const status = await p1Status(lab.adminSocket);
      const intent = lines.find((l) => l.kind === 'intent');
      const result = intent && lines.find((l) => l.kind === 'result' && l.id === intent.id);
      const first = JSON.parse((await picon('--profile', 'lab', 'status', '--json')).stdout).interrupted;
      const second = JSON.parse((await picon('--profile', 'lab', 'status', '--json')).stdout).interrupted;
      const say = (what) => violations.push(`run ${i + 1} (kill at ${killMs} ms${afterIntent ? ' after the intent' : ''}): ${what}`);
      if (status !== 'UP' && intent === undefined) say(`p1 is ${status} with no intent recorded`);
      if (second.length !== 0) say(`a second status still reports ${second.length}`);
      if (!r.killed) {
        counts.finished++;
        if (result === undefined) say('finished without a result record');
      } else if (intent === undefined) counts['killed before the intent (p1 unchanged, no record)']++;
      else if (result !== undefined) {
        counts['killed after the result (nothing to report)']++;
        if (first.length !== 0) say('a closed intent was reported');
      } else {
        if (first.length !== 1 || first[0].id !== intent.id) say(`the open intent was reported ${first.length} times`);
        else if (status === 'UP') counts['killed between intent and act (reported, HAProxy says UP)']++;
        else counts['killed between act and result (reported, HAProxy says DRAIN)']++;
      }
      await picon('--profile', 'lab', 'ready', 'p1');
    }
  } finally {
    await picon('lab', 'down');
    rmSync(tmp, { recursive: true, force: true });
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ runs: Number(args.runs), counts, violations }, null, 2)}\n`);
  else {
    for (const [what, n] of Object.entries(counts)) process.stdout.write(`${String(n).padStart(4)}  ${what}\n`);
    process.stdout.write(`${String(violations.length).padStart(4)}  violations\n${violations.map((v) => `      ${v}\n`).join('')}`);
  }
  process.exitCode = violations.length === 0 ? 0 : 1;
}

await main();
