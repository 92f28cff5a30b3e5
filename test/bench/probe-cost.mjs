#!/usr/bin/env node
// What node health polling costs the node: processes started on it per poll, and CPU time of the
// node's sshd session tree per 100 polls — picon's prober (SFTP on kept handles) against a naive
// baseline that runs `cat /proc/…` through exec for every poll, in the same run, on the lab.
//
//   npx tsc -p tsconfig.build.json && node test/bench/probe-cost.mjs [--polls 100] [--prober-polls 1000]
//        [--rounds 3] [--count-polls 20] [--subnet 127.0.6] [--node p1] [--json]
//
// The SSH connections are bare ssh2 clients (the node-side cost is what the prober asks of the
// SFTP session, not how the client manages its connection).
//
// Brings a lab up on --subnet and down again at the end. The baseline runs twice: on the lab node,
// whose sessions get the lab's empty HOME, so the shell starts clean as on a Pi — the fair
// comparison — and on one extra sshd on the lab subnet whose sessions get this machine's own HOME
// (here bash sources a ~/.bashrc that runs pyenv, which a Pi's stock ~/.bashrc does not).
// Processes are counted exactly with
// `strace -f` on the session tree in a separate pass (so tracing does not inflate the CPU figures);
// CPU is utime+stime of every process in the tree plus what its exited children used (cutime+cstime).
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { createNodeProber } from '../../dist/adapters/health/node-prober.js';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    polls: { type: 'string', default: '100' },
    // The prober's CPU per poll is near the 10 ms tick of /proc/PID/stat: more polls, same per-100 figure.
    'prober-polls': { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    'count-polls': { type: 'string', default: '20' },
    subnet: { type: 'string', default: '127.0.6' },
    node: { type: 'string', default: 'p1' },
    json: { type: 'boolean', default: false },
  },
});
const POLLS = Number(args.polls);
const PROBER_POLLS = Number(args['prober-polls']);
const ROUNDS = Number(args.rounds);
const COUNT_POLLS = Number(args['count-polls']);
const CLK_TCK = 100; // USER_HZ on Linux; /proc/PID/stat reports CPU time in these ticks.
const BASELINE = 'cat /proc/stat /proc/loadavg /proc/meminfo /proc/net/dev /proc/uptime';
const log = (line) => process.stderr.write(`${line}\n`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-probe-cost-'));
const labDir = path.join(tmp, 'lab');
const env = { PATH: process.env.PATH, HOME: process.env.HOME, PICON_CONFIG_DIR: tmp };

function picon(...argv) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/picon'), ...argv], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ ok: error === null, stdout, stderr }),
    );
  });
}

// ---- the node's processes -------------------------------------------------------------------

function children(pid) {
  const out = [];
  for (const task of readdirSync(`/proc/${pid}/task`, { withFileTypes: false })) {
    try {
      out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    } catch {
      // The task ended.
    }
  }
  return out;
}

function tree(pids) {
  const all = [];
  const queue = [...pids];
  while (queue.length > 0) {
    const pid = queue.shift();
    all.push(pid);
    try {
      queue.push(...children(pid));
    } catch {
      // Gone.
    }
  }
  return all;
}

/** CPU ms used by the tree so far: its live processes plus their reaped children. */
function treeCpuMs(pids) {
  let ticks = 0;
  for (const pid of tree(pids)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14–17.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // Ended between the listing and the read; its time is in its parent's cutime.
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

/** Counts processes (not threads) the tree starts while `run` runs, with strace -f. */
async function countProcesses(pids, run) {
  const out = path.join(tmp, `strace-${pids[0]}.txt`);
  const strace = spawn('strace', ['-f', '-qq', '-e', 'trace=fork,vfork,clone,clone3', '-o', out, ...pids.flatMap((p) => ['-p', String(p)])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let failed;
  strace.on('error', (e) => (failed = e.message));
  const attached = () => pids.every((p) => /TracerPid:\s+[1-9]/.test(readFileSync(`/proc/${p}/status`, 'utf8')));
  for (let i = 0; i < 200 && !attached() && failed === undefined; i++) await new Promise((r) => setTimeout(r, 10));
  if (failed !== undefined || !attached()) {
    strace.kill();
    return { error: failed ?? 'strace did not attach' };
  }
  await run();
  const exited = new Promise((r) => strace.on('exit', r));
  strace.kill('SIGINT');
  await exited;
  const lines = readFileSync(out, 'utf8').split('\n');
  const spawned = lines.filter((l) => /\b(fork|vfork|clone3?)\(/.test(l) && !l.includes('CLONE_THREAD') && /= \d+$/.test(l));
  return { processes: spawned.length };
}

// ---- a bare SSH transport (the prober needs only sftp() and exec()) -------------------------

function connect(address, key) {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('error', reject);
    client.on('ready', () => {
      let sftp;
      const transport = {
        node: address,
        status: () => ({ state: 'up', since: Date.now(), attempts: 0 }),
        ready: async () => ({ ok: true, value: undefined }),
        sftp: () =>
          (sftp ??= new Promise((done) =>
            client.sftp((err, s) => done(err ? { ok: false, error: { kind: 'channel', message: err.message } } : { ok: true, value: s })),
          )),
        exec: (command) =>
          new Promise((done) =>
            client.exec(command.text, (err, stream) => {
              if (err) return done({ ok: false, error: { kind: 'channel', message: err.message } });
              let stdout = '';
              let stderr = '';
              stream.on('data', (d) => (stdout += d));
              stream.stderr.on('data', (d) => (stderr += d));
              stream.on('close', (code, signal) => done({ ok: true, value: { code: code ?? null, signal: signal ?? null, stdout, stderr } }));
            }),
          ),
        onStatusChange: () => () => undefined,
        close: () => client.end(),
      };
      resolve({ client, transport });
    });
    client.connect({ host: address, port: 2222, username: 'root', privateKey: key, readyTimeout: 10_000 });
  });
}

/** Connects and returns the connection together with the sshd processes that serve it. */
async function session(listener, address, key) {
  const before = new Set(children(listener));
  const conn = await connect(address, key);
  const roots = children(listener).filter((p) => !before.has(p));
  if (roots.length !== 1) throw new Error(`expected one new sshd session process, found ${roots.length}`);
  return { ...conn, roots };
}

/** One more sshd on the lab subnet, like a lab node's but whose sessions get this machine's own HOME. */
async function startRootShellSshd() {
  const dir = path.join(tmp, 'root-shell');
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'sshd_config');
  const address = `${args.subnet}.250`;
  writeFileSync(config, [
    `ListenAddress ${address}:2222`,
    `HostKey ${path.join(labDir, args.node, 'ssh_host_ed25519_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(labDir, 'client_key')}.pub`,
    'StrictModes no', 'UsePAM no', 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'Subsystem sftp internal-sftp', 'LogLevel ERROR', '',
  ].join('\n'));
  await new Promise((resolve, reject) =>
    execFile('/usr/sbin/sshd', ['-f', config, '-E', path.join(dir, 'sshd.log')], (error) => (error ? reject(error) : resolve())),
  );
  const pid = Number(readFileSync(path.join(dir, 'sshd.pid'), 'utf8'));
  return { pid, address };
}

// ---- the run ----------------------------------------------------------------------------------

const percentile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function timed(polls, once) {
  const ms = [];
  for (let i = 0; i < polls; i++) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  return ms;
}

async function main() {
  log(`lab up on ${args.subnet} in ${labDir}`);
  const up = await picon('lab', 'up', '--subnet', args.subnet, '--dir', labDir);
  if (!up.ok) throw new Error(`lab up failed: ${up.stderr.trim()}`);
  let rootShell;
  try {
    const state = JSON.parse(readFileSync(path.join(labDir, 'lab.json'), 'utf8'));
    const listener = state.pids[args.node]?.sshd;
    if (typeof listener !== 'number') throw new Error(`no sshd pid for node ${args.node} in lab.json`);
    const address = `${args.subnet}.${args.node === 'head' ? 1 : 10 + Number(/\d+$/.exec(args.node)?.[0] ?? 1)}`;
    const key = readFileSync(path.join(labDir, 'client_key'));

    rootShell = await startRootShellSshd();
    const picked = await session(listener, address, key);
    const naive = await session(rootShell.pid, rootShell.address, key);
    const naiveClean = await session(listener, address, key);
    const prober = createNodeProber({
      node: { name: args.node, services: [], serviceControl: { isActive: 'true' } },
      transport: picked.transport,
      slowIntervalMs: Number.MAX_SAFE_INTEGER,
    });
    const proberPoll = async () => {
      const h = await prober.poll();
      if (h.memory.state !== 'ok') throw new Error(`prober: memory ${h.memory.state}: ${h.memory.reason ?? ''}`);
    };
    const baseline = (conn) => async () => {
      const r = await conn.transport.exec({ text: BASELINE });
      if (!r.ok || r.value.code !== 0) throw new Error(`baseline: ${r.ok ? r.value.stderr : r.error.message}`);
    };
    const baselinePoll = baseline(naive);
    const cleanPoll = baseline(naiveClean);
    await proberPoll(); // first poll: opens the handles, learns which files exist
    await proberPoll();
    await baselinePoll();
    await cleanPoll();

    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const a0 = treeCpuMs(picked.roots);
      const proberMs = await timed(PROBER_POLLS, proberPoll);
      const a1 = treeCpuMs(picked.roots);
      const b0 = treeCpuMs(naive.roots);
      const baselineMs = await timed(POLLS, baselinePoll);
      const b1 = treeCpuMs(naive.roots);
      const c0 = treeCpuMs(naiveClean.roots);
      const cleanMs = await timed(POLLS, cleanPoll);
      const c1 = treeCpuMs(naiveClean.roots);
      rounds.push({ proberCpuMs: a1 - a0, baselineCpuMs: b1 - b0, cleanCpuMs: c1 - c0, proberMs, baselineMs, cleanMs });
      log(`round ${r + 1}: CPU ms prober ${(a1 - a0).toFixed(0)} for ${PROBER_POLLS} polls; for ${POLLS} polls baseline ${(b1 - b0).toFixed(0)}, clean-shell baseline ${(c1 - c0).toFixed(0)}`);
    }

    const requestsBefore = prober.stats().sftpRequests;
    const proberCount = await countProcesses(picked.roots, () => timed(COUNT_POLLS, proberPoll));
    const requestsPerPoll = (prober.stats().sftpRequests - requestsBefore) / COUNT_POLLS;
    const baselineCount = await countProcesses(naive.roots, () => timed(COUNT_POLLS, baselinePoll));
    const cleanCount = await countProcesses(naiveClean.roots, () => timed(COUNT_POLLS, cleanPoll));

    const per100 = (ms, polls = POLLS) => (ms * 100) / polls;
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    const proberCpu = per100(sum(rounds.map((r) => r.proberCpuMs)) / ROUNDS, PROBER_POLLS);
    const baselineCpu = per100(sum(rounds.map((r) => r.baselineCpuMs)) / ROUNDS);
    const cleanCpu = per100(sum(rounds.map((r) => r.cleanCpuMs)) / ROUNDS);
    const allClean = rounds.flatMap((r) => r.cleanMs);
    const allProber = rounds.flatMap((r) => r.proberMs);
    const allBaseline = rounds.flatMap((r) => r.baselineMs);
    const result = {
      node: args.node,
      polls: { prober: PROBER_POLLS, baseline: POLLS },
      rounds: ROUNDS,
      baselineCommand: BASELINE,
      prober: {
        cpuMsPer100Polls: proberCpu,
        processesPerPoll: proberCount.processes === undefined ? null : proberCount.processes / COUNT_POLLS,
        sftpRequestsPerPoll: requestsPerPoll,
        pollMsMedian: percentile(allProber, 0.5),
        pollMsP95: percentile(allProber, 0.95),
      },
      baseline: {
        cpuMsPer100Polls: baselineCpu,
        processesPerPoll: baselineCount.processes === undefined ? null : baselineCount.processes / COUNT_POLLS,
        pollMsMedian: percentile(allBaseline, 0.5),
        pollMsP95: percentile(allBaseline, 0.95),
      },
      cleanShellBaseline: {
        cpuMsPer100Polls: cleanCpu,
        processesPerPoll: cleanCount.processes === undefined ? null : cleanCount.processes / COUNT_POLLS,
        pollMsMedian: percentile(allClean, 0.5),
        pollMsP95: percentile(allClean, 0.95),
      },
      cpuRatio: proberCpu > 0 ? baselineCpu / proberCpu : null,
      cleanShellCpuRatio: proberCpu > 0 ? cleanCpu / proberCpu : null,
      roundsCpuMs: rounds.map((r) => ({ prober: r.proberCpuMs, baseline: r.baselineCpuMs, cleanShellBaseline: r.cleanCpuMs })),
      processCount: proberCount.error ?? baselineCount.error ?? cleanCount.error ?? `strace -f, ${COUNT_POLLS} polls each`,
    };
    prober.stop();
    picked.client.end();
    naive.client.end();
    naiveClean.client.end();

    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const f = (n, d = 1) => (n === null ? 'n/a' : n.toFixed(d));
      process.stdout.write(
        [
          `node ${result.node}: ${ROUNDS} rounds of ${PROBER_POLLS} prober polls and ${POLLS} polls of each baseline, interleaved in one run`,
          `processes counted over ${COUNT_POLLS} more polls of each (${result.processCount})`,
          '',
          '                      CPU ms / 100 polls   processes / poll   poll ms (median / p95)',
          `prober (SFTP)         ${f(proberCpu).padStart(18)}   ${f(result.prober.processesPerPoll, 2).padStart(16)}   ${f(result.prober.pollMsMedian)} / ${f(result.prober.pollMsP95)}`,
          `baseline (exec cat)   ${f(baselineCpu).padStart(18)}   ${f(result.baseline.processesPerPoll, 2).padStart(16)}   ${f(result.baseline.pollMsMedian)} / ${f(result.baseline.pollMsP95)}`,
          `  same, clean shell   ${f(cleanCpu).padStart(18)}   ${f(result.cleanShellBaseline.processesPerPoll, 2).padStart(16)}   ${f(result.cleanShellBaseline.pollMsMedian)} / ${f(result.cleanShellBaseline.pollMsP95)}`,
          '',
          `baseline / prober CPU: clean shell ${result.cleanShellCpuRatio === null ? 'n/a' : `${f(result.cleanShellCpuRatio)}×`}, ` +
            `this machine's login shell ${result.cpuRatio === null ? 'n/a' : `${f(result.cpuRatio)}×`}` +
            '   (target ≥ 10×; processes per metrics poll target 0)',
          `prober SFTP requests per poll: ${f(requestsPerPoll)}`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    if (rootShell !== undefined) process.kill(rootShell.pid);
    const down = await picon('lab', 'down', '--dir', labDir);
    if (!down.ok) log(`lab down failed: ${down.stderr.trim()}`);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(`probe-cost: ${error.message}`);
  process.exitCode = 1;
});
