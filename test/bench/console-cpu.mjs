#!/usr/bin/env node
// What the running console costs: CPU of the `picon` process over a window, and its RSS, against a
// lab of N workers at a 1 s refresh (targets: ≤ 3 % of one core, RSS ≤ 120 MB and not growing).
//
//   npx tsc -p tsconfig.build.json && node test/bench/console-cpu.mjs [--workers 50] [--seconds 60]
//        [--minutes 3] [--subnet 127.0.13] [--headless] [--node-flags=--max-semi-space-size=8] [--json]
//
// --headless runs the same monitor (connections, probes, HAProxy polls, store) with no UI in a
// plain node process instead, for scale: the console's own cost is the difference. --node-flags
// passes V8/Node.js flags to that process (default: those bin/picon's first line gives).
//
// Brings a lab up on --subnet (its own temp dirs), runs `bin/picon --profile lab` in a private
// tmux server at 200×64, lets it connect, then reads utime+stime and VmRSS from /proc/PID for the
// window, and RSS again each minute for --minutes. Everything it started is stopped at the end.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './bench-args.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = benchArgs(import.meta.url, {
  options: {
    workers: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    minutes: { type: 'string', default: '3' },
    subnet: { type: 'string', default: '127.0.13' },
    json: { type: 'boolean', default: false },
    headless: { type: 'boolean', default: false },
    'node-flags': { type: 'string' },
  },
});
const base = mkdtempSync(path.join(os.tmpdir(), 'picon-console-cpu-'));
const env = { ...process.env, PICON_CONFIG_DIR: path.join(base, 'config'), PICON_LAB_DIR: path.join(base, 'lab') };
const picon = path.join(root, 'bin', 'picon');
/** The flags bin/picon's `#!/usr/bin/env -S node …` line gives, unless --node-flags says otherwise. */
const shebangFlags = /^#!.*\bnode\b(.*)$/.exec(readFileSync(picon, 'utf8').split('\n')[0] ?? '')?.[1]?.trim() ?? '';
const nodeFlags = args['node-flags'] ?? shebangFlags;
const node = nodeFlags === '' ? process.execPath : `${process.execPath} ${nodeFlags}`;
const socket = `picon-console-cpu-${process.pid}`;
const tmux = (...a) => new Promise((resolve) => execFile('tmux', ['-L', socket, ...a], { env }, (e, out) => resolve(out)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => !args.json && console.log(line);
const ticks = 100; // USER_HZ on Linux

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

let pid;
try {
  log(`lab up: ${args.workers} workers on ${args.subnet}…`);
  execFileSync(process.execPath, [picon, 'lab', 'up', '--workers', args.workers, '--subnet', args.subnet, '--dir', env.PICON_LAB_DIR], { env, stdio: 'ignore', timeout: 600_000 });
  const headless = `${node} --input-type=module -e "
    const { loadProfileForCommand } = await import('${root}/dist/adapters/profile/load-profile.js');
    const { openConnections } = await import('${root}/dist/cli/open-connections.js');
    const { monitorOver } = await import('${root}/dist/cli/monitor-wiring.js');
    const profile = await loadProfileForCommand({ globals: { profile: 'lab' }, env: process.env, packageRoot: '${root}' });
    const m = monitorOver(profile, await openConnections(profile, { env: process.env, reconnect: true }), { intervalMs: 1000 });
    m.store.subscribe((s) => { const up = s.nodes.filter((n) => n.connection.state === 'up').length; process.stdout.write('\\rnodes ' + up + '/' + s.nodes.length + ' up  picon'); });
    m.start();"`;
  await tmux('new-session', '-d', '-s', 'c', '-x', '200', '-y', '64', '-e', `PICON_CONFIG_DIR=${env.PICON_CONFIG_DIR}`, '-e', `PICON_LAB_DIR=${env.PICON_LAB_DIR}`,
    args.headless ? `${headless}; sleep 30` : `${node} ${picon} --profile lab; sleep 30`);
  for (let i = 0; i < 100 && pid === undefined; i++) {
    await sleep(100);
    const panePid = (await tmux('list-panes', '-t', 'c', '-F', '#{pane_pid}')).trim();
    const child = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', panePid]).toString().split('\n').find((l) => l.includes('picon') || l.includes('monitorOver'));
    if (child !== undefined) pid = Number(child.trim().split(/\s+/)[0]);
  }
  if (pid === undefined) throw new Error('picon did not start in tmux');
  // Connected and polling: wait until every row is up (or 60 s).
  for (let i = 0; i < 120; i++) {
    const screen = await tmux('capture-pane', '-p', '-t', 'c');
    if (new RegExp(`nodes ${Number(args.workers) + 1}/${Number(args.workers) + 1} up`).test(screen)) break;
    await sleep(500);
  }
  await sleep(5000);
  const seconds = Number(args.seconds);
  const c0 = cpuSeconds(pid);
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const used = cpuSeconds(pid) - c0;
  const wall = (Date.now() - t0) / 1000;
  const rss = [{ minute: 0, mb: rssMb(pid) }];
  log(`node flags: ${nodeFlags || '(none)'}`);
  log(`CPU over ${wall.toFixed(0)} s: ${((used / wall) * 100).toFixed(2)} % of one core (${used.toFixed(2)} s)   RSS ${rss[0].mb.toFixed(1)} MB`);
  for (let m = 1; m <= Number(args.minutes); m++) {
    await sleep(60_000);
    rss.push({ minute: m, mb: rssMb(pid) });
    log(`  RSS after ${m} more min: ${rss[m].mb.toFixed(1)} MB`);
  }
  const screen = await tmux('capture-pane', '-p', '-t', 'c');
  const result = {
    workers: Number(args.workers), nodeFlags, seconds: wall, cpuSeconds: used, cpuPercentOfCore: (used / wall) * 100,
    rssMb: rss, loadAverage1m: os.loadavg()[0], allUp: /nodes (\d+)\/\1 up/.test(screen),
  };
  if (args.json) console.log(JSON.stringify(result));
  else log(`machine load average (1 min): ${os.loadavg()[0].toFixed(2)}; all nodes up on screen: ${result.allUp}`);
} finally {
  await tmux('kill-server');
  try {
    execFileSync(process.execPath, [picon, 'lab', 'down', '--dir', env.PICON_LAB_DIR], { env, stdio: 'ignore', timeout: 120_000 });
  } catch {}
  rmSync(base, { recursive: true, force: true });
}
