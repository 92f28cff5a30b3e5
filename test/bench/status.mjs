#!/usr/bin/env node
// `picon status` against the two ways an operator would do the same reads by hand, same hosts,
// same run, on the lab: a sequential loop of plain `ssh` (uptime + loadavg from every node, then
// HAProxy's `show stat` through socat on the head) and `parallel-ssh` (the node reads in parallel,
// then the HAProxy read). Prints medians and ratios.
//
//   npx tsc -p tsconfig.build.json && node test/bench/status.mjs [--runs 7] [--workers N] [--subnet 127.0.16] [--json]
//
// Brings a lab up on --subnet (default shape: head + 4 workers; --workers N for N identical
// workers) and down again at the end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    workers: { type: 'string' },
    subnet: { type: 'string', default: '127.0.16' },
    json: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-status-'));
const labDir = path.join(tmp, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: tmp, PICON_LAB_DIR: labDir };

function run(program, argv, options = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    execFile(program, argv, { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : (error.code ?? 1), stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
    );
  });
}
const picon = (...argv) => run(process.execPath, [path.join(root, 'bin/picon'), ...argv]);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const up = await picon('lab', 'up', '--subnet', args.subnet, ...(args.workers ? ['--workers', args.workers] : []), '--json');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  const lab = JSON.parse(up.stdout);
  try {
    const sshOptions = [
      '-i', lab.identityFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
      '-o', `UserKnownHostsFile=${lab.knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-p', '2222', '-l', lab.user,
    ];
    const head = lab.nodes.find((n) => n.role === 'head');
    const reads = 'cat /proc/uptime /proc/loadavg';
    const haproxyRead = `echo 'show stat' | socat stdio UNIX-CONNECT:${lab.adminSocket}`;
    const hostsFile = path.join(tmp, 'hosts');
    writeFileSync(hostsFile, lab.nodes.map((n) => `${n.address}:2222`).join('\n') + '\n');

    const ways = {
      'picon status': async () => {
        const r = await picon('--profile', 'lab', 'status', '--json');
        if (r.code !== 0) throw new Error(`picon status exit ${r.code}: ${r.stderr}`);
        return r.ms;
      },
      'ssh loop': async () => {
        const started = performance.now();
        for (const n of lab.nodes) {
          const r = await run('ssh', [...sshOptions, n.address, reads]);
          if (r.code !== 0) throw new Error(`ssh ${n.name}: ${r.stderr}`);
        }
        const h = await run('ssh', [...sshOptions, head.address, haproxyRead]);
        if (h.code !== 0) throw new Error(`ssh haproxy: ${h.stderr}`);
        return performance.now() - started;
      },
      'parallel-ssh': async () => {
        const started = performance.now();
        const x = sshOptions.filter((o) => o !== '-p' && o !== '2222').map((o) => `'${o}'`).join(' ');
        const r = await run('parallel-ssh', ['-h', hostsFile, '-l', lab.user, '-p', '100', '-t', '30', '-x', x, '-i', reads]);
        if (r.code !== 0) throw new Error(`parallel-ssh: ${r.stdout} ${r.stderr}`);
        const h = await run('ssh', [...sshOptions, head.address, haproxyRead]);
        if (h.code !== 0) throw new Error(`ssh haproxy: ${h.stderr}`);
        return performance.now() - started;
      },
    };

    const times = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
    for (const fn of Object.values(ways)) await fn(); // warm-up: page cache, sshd first runs
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so drift in the machine's load hits every way alike.
      for (const [name, fn] of Object.entries(ways)) times[name].push(await fn());
    }
    const result = {
      nodes: lab.nodes.length,
      runs: RUNS,
      medianMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(median(v))])),
    };
    result.ratios = {
      'ssh loop / picon status': +(result.medianMs['ssh loop'] / result.medianMs['picon status']).toFixed(2),
      'parallel-ssh / picon status': +(result.medianMs['parallel-ssh'] / result.medianMs['picon status']).toFixed(2),
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`status snapshot of ${result.nodes} nodes + HAProxy, median of ${RUNS} runs\n`);
      for (const [k, v] of Object.entries(result.medianMs)) process.stdout.write(`  ${k.padEnd(14)} ${String(v).padStart(6)} ms\n`);
      for (const [k, v] of Object.entries(result.ratios)) process.stdout.write(`  ${k.padEnd(28)} ${v}× (target ${k.startsWith('ssh') ? '≥ 3' : '≥ 1.5'})\n`);
    }
  } finally {
    await picon('lab', 'down');
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(`bench/status: ${error.message}`);
  process.exitCode = 1;
});
