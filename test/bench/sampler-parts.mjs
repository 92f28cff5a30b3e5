#!/usr/bin/env node
// What one run-sampler sample costs, part by part, in CPU time (not req/s): on a lab node, the
// sshd processes serving picon's connection (the session and its channels), the remote command
// (every process under sshd that is not sshd, and what they reaped), and picon's own process (ssh2,
// the sampler, the parse) — per sample, with the built sampler (dist/) taking samples of a head and a
// worker as fast as --interval-ms. Then picon's parse alone on the frames the worker sent.
//
//   npm run build && flock /tmp/picon-e2e.lock node test/bench/sampler-parts.mjs [--samples 50]
//        [--interval-ms 200] [--subnet 127.0.68] [--parses 2000] [--parse-only] [--json]
//
// Brings a lab up on --subnet and down again at the end. CPU times come from /proc/PID/stat in
// ticks of 10 ms: the per-sample figures are totals over --samples divided by the samples answered.
// The remote command's instruction count (independent of the machine's load) is measured apart:
// see docs/benchmarks.md (valgrind --tool=callgrind on the command run locally).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { createRunSampler } = await dist('adapters/loadtest/run-sampler.js');
const { servicePids, servicePorts } = await dist('adapters/loadtest/service-pids.js');
const { readProfileFile } = await dist('adapters/profile/read-profile-file.js');
const { openConnections } = await dist('cli/open-connections.js');

const { values: args } = benchArgs(import.meta.url, {
  options: {
    samples: { type: 'string', default: '50' },
    'interval-ms': { type: 'string', default: '200' },
    subnet: { type: 'string', default: '127.0.68' },
    parses: { type: 'string', default: '2000' },
    'parse-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const SAMPLES = Number(args.samples);
const INTERVAL = Number(args['interval-ms']);
const CLK_TCK = 100;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-sampler-parts-'));
const labDir = path.join(tmp, 'lab');
const env = { ...process.env, PICON_CONFIG_DIR: path.join(tmp, 'config'), PICON_DATA_DIR: path.join(tmp, 'data'), PICON_LAB_DIR: labDir };
const picon = (argv) =>
  new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'bin', 'picon'), ...argv], { env, timeout: 180_000 }, (e, out, err) => (e ? reject(new Error(err || e.message)) : resolve(out))),
  );

function children(pid) {
  const out = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      } catch {
        // The task ended.
      }
    }
  } catch {
    // Gone.
  }
  return out;
}

/** CPU ticks of the tree under `pid`: sshd's own (processes named sshd) and the rest (the commands, with what they reaped). */
function treeTicks(pid) {
  const t = { sshd: 0, command: 0 };
  const queue = children(pid);
  while (queue.length > 0) {
    const p = queue.shift();
    queue.push(...children(p));
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      const own = f[11] + f[12];
      const reaped = f[13] + f[14];
      if (comm.startsWith('sshd')) t.sshd += own;
      else t.command += own;
      t.command += reaped;
    } catch {
      // Ended between the listing and the read: its time is in its parent's reaped time.
    }
  }
  return t;
}

const ms = (ticks) => (ticks * 1000) / CLK_TCK;
const sleep = (n) => new Promise((r) => setTimeout(r, n));

// ---- picon's parse of one sample, in-process: the one-shot command's reply and the loop's frame ----
const { parseBatch } = await dist('core/health/command-batch.js');
const { sampleOutput, samplePartCount } = await dist('core/loadtest/sample-command.js');
const { stepNodeSample } = await dist('core/loadtest/node-sample.js');
const { splitFrames } = await dist('core/loadtest/sample-frames.js');
const fixture = (name) => readFileSync(path.join(root, 'test', 'fixtures', 'loadtest', 'samples', name), 'latin1');
function parseMicros(label, wants, services, texts, toBody) {
  const n = Number(args.parses);
  const step = (memory, text, i) => {
    // The loop's first frame was asked with vcgencmd (its first tick), the second without.
    const w = { ...wants, vcgencmd: wants.vcgencmd && i % 2 === 0 };
    const batch = parseBatch(toBody(text), samplePartCount(w));
    if (!batch.ok) throw new Error(batch.reason);
    return stepNodeSample(memory, { node: 'p1', role: 'worker', atMs: i * 1000, output: sampleOutput('p1', w, batch.value), services }).memory;
  };
  let memory = {};
  for (let i = 0; i < 200; i++) memory = step(memory, texts[i % 2], i);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) memory = step(memory, texts[i % 2], i);
  const used = process.cpuUsage(before);
  return { label, microsPerSample: Number(((used.user + used.system) / n).toFixed(1)) };
}
const frameBody = (text) => splitFrames(text).events[0].body;
const loopFrames = fixture('loop-worker.frames');
const cut = loopFrames.indexOf('picon-sample:2\n');
const parses = [
  parseMicros('one-shot reply (lab-worker-services.*)', { netDev: false, vcgencmd: false, services: [7902, 8093, 8096] }, new Map([[7902, 'app'], [8093, 'nginx'], [8096, 'nginx']]), [fixture('lab-worker-services.1'), fixture('lab-worker-services.2')], (t) => t),
  parseMicros('loop frame (loop-worker.frames), split included', { netDev: false, vcgencmd: true, services: [12412, 12417, 12194] }, new Map([[12412, 'nginx'], [12417, 'nginx'], [12194, 'app']]), [loopFrames.slice(0, cut), loopFrames.slice(cut)], frameBody),
];
for (const p of parses) process.stderr.write(`picon's parse: ${p.label}: ${p.microsPerSample} µs per sample (${args.parses} parses)\n`);
if (args['parse-only']) process.exit(0);

await picon(['lab', 'up', '--subnet', args.subnet, '--dir', labDir]);
const results = [];
try {
  const status = JSON.parse(await picon(['lab', 'status', '--dir', labDir, '--json']));
  const profile = await readProfileFile(status.profile, { cwd: process.cwd(), homeDir: os.homedir(), env });
  if (!profile.ok) throw new Error(JSON.stringify(profile.errors));
  const connections = await openConnections(profile.profile, { env, reconnect: false });
  try {
    for (const name of ['head', 'p1']) {
      const lab = status.nodes.find((n) => n.name === name);
      const listener = lab.services.find((s) => s.name === 'sshd').pid;
      const haproxy = lab.services.find((s) => s.name === 'haproxy')?.pid;
      const transport = connections.get(name);
      await transport.ready(10_000);
      const worker = (profile.profile).workers.find((w) => w.name === name);
      const services = worker !== undefined
        ? () => servicePids(transport, worker.address, servicePorts((profile.profile).urls, worker.address))
        : async () => new Map([[haproxy, 'haproxy']]);
      const sampler = createRunSampler({ nodes: [{ name, role: name === 'head' ? 'head' : 'worker', transport, services }], intervalMs: INTERVAL, timeoutMs: 3_000 });
      await sampler.baseline();
      const ticksBefore = treeTicks(listener);
      const cpuBefore = process.cpuUsage();
      sampler.start();
      await sleep(INTERVAL * SAMPLES + INTERVAL / 2);
      const run = await sampler.finish();
      const cpu = process.cpuUsage(cpuBefore);
      await sleep(300);
      const ticksAfter = treeTicks(listener);
      const answered = run.nodes.filter((s) => s.atMs > 0 && s.missed === undefined).length;
      const missed = run.nodes.filter((s) => s.atMs > 0 && s.missed !== undefined).length;
      results.push({
        node: name, answered, missed,
        sshdMsPerSample: Number((ms(ticksAfter.sshd - ticksBefore.sshd) / answered).toFixed(2)),
        commandMsPerSample: Number((ms(ticksAfter.command - ticksBefore.command) / answered).toFixed(2)),
        piconMsPerSample: Number(((cpu.user + cpu.system) / 1000 / answered).toFixed(2)),
      });
    }
  } finally {
    connections.closeAll();
  }
} finally {
  await picon(['lab', 'down', '--dir', labDir]).catch((e) => process.stderr.write(`${e.message}\n`));
  rmSync(tmp, { recursive: true, force: true });
}
const out = { samples: SAMPLES, intervalMs: INTERVAL, parses, results, load: os.loadavg().map((n) => n.toFixed(2)).join(' ') };
if (args.json) process.stdout.write(`${JSON.stringify(out)}\n`);
else {
  for (const r of results) {
    process.stdout.write(`${r.node}: ${r.answered} samples (${r.missed} missed) — CPU per sample: sshd ${r.sshdMsPerSample} ms, the remote command ${r.commandMsPerSample} ms, picon ${r.piconMsPerSample} ms\n`);
  }
  process.stdout.write(`load average ${out.load}\n`);
}
process.exit(0);
