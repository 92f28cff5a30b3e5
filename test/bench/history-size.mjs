#!/usr/bin/env node
// `picon bench history` on a long history: writes --runs synthetic runs (each padded to --bytes,
// like a record of a big cluster) straight into a fresh data dir's bench-history.jsonl, as years
// of runs saved by a picon that never rotated would leave it; then times, wall and peak RSS:
//   1. `bench history` on that file (with --before PATH, also that picon's bin: the old reader);
//   2. the next save (it rotates: the older runs go to an archive);
//   3. `bench history` again, on the rotated live file, and `bench history --all` (archive too).
// Every run is counted afterwards in the live file and the archive. Uses /usr/bin/time.
//
//   npx tsc -p tsconfig.build.json && node test/bench/history-size.mjs [--runs 60000] [--bytes 9750] [--before /work/main/bin/picon] [--json]
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendRun } from '../../dist/adapters/loadtest/history-store.js';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    runs: { type: 'string', default: '60000' },
    bytes: { type: 'string', default: '9750' },
    before: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-history-'));
const dataDir = path.join(tmp, 'data');
const file = path.join(dataDir, 'bench-history.jsonl');
const env = { PATH: process.env.PATH, HOME: tmp, PICON_CONFIG_DIR: path.join(tmp, 'config'), PICON_DATA_DIR: dataDir };

function record(i) {
  const started = new Date(Date.UTC(2024, 0, 1) + i * 60_000);
  const iso = started.toISOString();
  const base = {
    version: 1, id: `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${(i % 46656).toString(36).padStart(3, '0')}`,
    startedAt: iso, profile: 'lab', label: 'Cluster',
    plan: { url: 'http://127.0.7.1:8080/', preset: 'home', target: 'frontend', method: 'GET', concurrency: 100, limit: { kind: 'requests', requests: 10000 }, keepAlive: true, headers: {}, engine: 'builtin' },
    result: { engine: 'builtin', threads: 1, target: 'http://127.0.7.1:8080/', preset: 'home', concurrency: 100, requestsPerSecond: 3000 + (i % 500), meanTimePerRequestMs: 30, latency: { p50Ms: 25, p95Ms: 60, p99Ms: 90, maxMs: 200 }, completed: 10000, failed: 0, non2xx: 0, transferBytesPerSecond: 5e6, durationSeconds: 3.3 },
    throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false,
  };
  const servers = [];
  for (let s = 0; JSON.stringify({ ...base, cluster: { haproxyVersion: '2.6.12', servers } }).length < Number(args.bytes) - 60; s++) {
    servers.push({ server: `web/node${s}`, weight: 1, status: 'UP', out: false });
  }
  return { ...base, cluster: { haproxyVersion: '2.6.12', servers } };
}

function timed(bin, argv) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    execFile('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...argv], { env, maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const rssKb = Number(stderr.trim().split('\n').at(-1));
      resolve({ code: error === null ? 0 : error.code, seconds, rssMb: rssKb / 1024, lines: stdout.split('\n').filter((l) => l !== '').length, stderr: stderr.trim().split('\n').slice(0, -1).join('\n') });
    });
  });
}

async function writeSynthetic() {
  const out = createWriteStream(file, { mode: 0o600 });
  const template = record(0);
  const { id: _id, startedAt: _s, ...rest } = template;
  for (let i = 0; i < RUNS; i++) {
    const started = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    const line = `${JSON.stringify({ ...rest, version: 1, id: `${started.slice(0, 10).replaceAll('-', '')}-${started.slice(11, 19).replaceAll(':', '')}-${(i % 46656).toString(36).padStart(3, '0')}`, startedAt: started })}\n`;
    if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

const figures = {};
try {
  mkdirSync(dataDir, { mode: 0o700 });
  log(`writing ${RUNS} runs of ~${args.bytes} bytes…`);
  await writeSynthetic();
  figures.fileMb = statSync(file).size / 1e6;
  log(`${file}: ${figures.fileMb.toFixed(0)} MB`);
  const picon = path.join(root, 'bin', 'picon');
  if (args.before !== '') {
    figures.before = await timed(args.before, ['bench', 'history']);
    log(`before (${args.before}) bench history: ${figures.before.seconds.toFixed(2)} s, ${figures.before.rssMb.toFixed(0)} MB RSS, ${figures.before.lines} lines, exit ${figures.before.code}${figures.before.stderr !== '' ? `: ${figures.before.stderr.split('\n')[0]}` : ''}`);
  }
  figures.unrotated = await timed(picon, ['bench', 'history']);
  log(`bench history, file not rotated yet: ${figures.unrotated.seconds.toFixed(2)} s, ${figures.unrotated.rssMb.toFixed(0)} MB RSS, ${figures.unrotated.lines} lines; ${figures.unrotated.stderr}`);
  const notes = [];
  const t0 = process.hrtime.bigint();
  await appendRun(file, record(RUNS), { onNote: (n) => notes.push(n) });
  figures.rotateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  figures.note = notes.join(' | ');
  log(`the next save (rotating): ${figures.rotateSeconds.toFixed(2)} s — ${figures.note}`);
  figures.liveMb = statSync(file).size / 1e6;
  figures.rotated = await timed(picon, ['bench', 'history']);
  log(`bench history after rotation: ${figures.rotated.seconds.toFixed(2)} s, ${figures.rotated.rssMb.toFixed(0)} MB RSS, ${figures.rotated.lines} lines (live file ${figures.liveMb.toFixed(1)} MB)`);
  figures.all = await timed(picon, ['bench', 'history', '--all']);
  log(`bench history --all: ${figures.all.seconds.toFixed(2)} s, ${figures.all.rssMb.toFixed(0)} MB RSS, ${figures.all.lines} lines`);
  let counted = 0;
  for (const name of readdirSync(dataDir).filter((n) => n.startsWith('bench-history'))) {
    if (name.endsWith('.lock')) continue;
    for await (const chunk of createReadStream(path.join(dataDir, name))) {
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) counted++;
    }
  }
  figures.runsCounted = counted;
  log(`runs in the live file and the archive: ${counted} of ${RUNS + 1}`);
  if (args.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
