#!/usr/bin/env node
// `picon status` against the two ways an operator would do the same reads by hand, same hosts,
// same run, on the lab: a sequential loop of plain `ssh` and `parallel-ssh` (the node reads in
// parallel), each followed by the HAProxy reads through socat on the head. Prints medians and ratios.
//
// --reads same (default): what `picon status` reads — /proc uptime, loadavg, stat, meminfo,
//   net/dev and `df /`, again 300 ms later (CPU and network are rates), each service's check
//   (the profile's isActive template), and HAProxy's `show info` and `show stat` twice 300 ms apart.
// --reads minimal: the foundation's status — uptime + loadavg, and `show stat` once.
//
//   npx tsc -p tsconfig.build.json && node test/bench/status.mjs [--runs 7] [--reads same|minimal] [--workers N] [--subnet 127.0.16] [--json]
//
// Brings a lab up on --subnet (default shape: head + 4 workers; --workers N for N identical
// workers) and down again at the end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fillTemplate } from '../../dist/core/remote/shell-quote.js';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    runs: { type: 'string', default: '7' },
    workers: { type: 'string' },
    subnet: { type: 'string', default: '127.0.16' },
    reads: { type: 'string', default: 'same' },
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
    if (args.reads !== 'same' && args.reads !== 'minimal') throw new Error(`--reads must be same or minimal (got ${args.reads})`);
    const same = args.reads === 'same';
    const profile = parseYaml(readFileSync(lab.profile, 'utf8'));
    const checks = (node) =>
      (node.services ?? []).map((service) => fillTemplate(profile.serviceControl.isActive, { node: node.name, service }).text);
    const profileNode = (name) => [profile.head, ...profile.workers].find((n) => n.name === name);
    const nodeReads = (name) =>
      same
        ? ['cat /proc/uptime /proc/loadavg /proc/stat /proc/meminfo /proc/net/dev', 'df -P /', 'sleep 0.3', 'cat /proc/stat /proc/net/dev', ...checks(profileNode(name)).map((c) => `(${c})`)].join('; ')
        : 'cat /proc/uptime /proc/loadavg';
    const socat = (command) => `echo '${command}' | socat stdio UNIX-CONNECT:${lab.adminSocket}`;
    const haproxyRead = same ? [socat('show info'), socat('show stat'), 'sleep 0.3', socat('show stat')].join('; ') : socat('show stat');
    const hostsFile = path.join(tmp, 'hosts');
    writeFileSync(hostsFile, lab.nodes.map((n) => `${n.address}:2222`).join('\n') + '\n');

    const psshReads = same ? `case "$SSH_CONNECTION" in ${lab.nodes.map((n) => `*" ${n.address} "*) ${nodeReads(n.name)} ;;`).join(' ')} esac` : nodeReads(lab.nodes[0].name);
    const ways = {
      'picon status': async () => {
        const r = await picon('--profile', 'lab', 'status', '--json');
        if (r.code !== 0) throw new Error(`picon status exit ${r.code}: ${r.stderr}`);
        return r.ms;
      },
      'ssh loop': async () => {
        const started = performance.now();
        for (const n of lab.nodes) {
          const r = await run('ssh', [...sshOptions, n.address, nodeReads(n.name)]);
          if (r.code !== 0) throw new Error(`ssh ${n.name}: ${r.stderr}`);
        }
        const h = await run('ssh', [...sshOptions, head.address, haproxyRead]);
        if (h.code !== 0) throw new Error(`ssh haproxy: ${h.stderr}`);
        return performance.now() - started;
      },
      'parallel-ssh': async () => {
        const started = performance.now();
        const x = sshOptions.filter((o) => o !== '-p' && o !== '2222').map((o) => `'${o}'`).join(' ');
        // One command for every host: the services differ per node, so each host checks its own list.
        const r = await run('parallel-ssh', ['-h', hostsFile, '-l', lab.user, '-p', '100', '-t', '30', '-x', x, '-i', psshReads]);
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
      reads: args.reads,
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
      process.stdout.write(`status snapshot of ${result.nodes} nodes + HAProxy (--reads ${args.reads}), median of ${RUNS} runs\n`);
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
