import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { abProcesses, parentOf, stillRunning, treeOf, type ProcessInfo } from '../support/proc-scan.js';
import { startDropbear, type Dropbear } from './support/dropbear.js';
import { eventually, PICON_BIN, startLab, type LabHandle } from './support/lab.js';
import { tmuxServer } from './support/tmux.js';

/**
 * Signals during `picon bench --engine ab` on the lab (127.0.43): SIGINT, SIGTERM and SIGHUP stop
 * the remote ab before picon exits with 130/143/129 and one line; SIGKILL leaves the node to end
 * ab when it sees the connection drop. ab is found by its argv (this lab's frontend URL); nothing
 * of the run may be left on the node, in its process tree or its /tmp.
 */

const SUBNET = '127.0.43';
const FRONTEND = `${SUBNET}.1:8080`;
let lab: LabHandle;
let dataDir: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-bench-signals-'));
});
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...lab.env, PICON_DATA_DIR: dataDir });
const historyLines = (): number => {
  const file = path.join(dataDir, 'bench-history.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0;
};
const tmpEntries = (): Set<string> => new Set(readdirSync('/tmp'));

/** Files under /tmp (or /var/tmp, /dev/shm) any of these processes holds open. */
function sharedTempFilesOf(processes: readonly ProcessInfo[]): string[] {
  const files: string[] = [];
  for (const p of processes) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p.pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${p.pid}/fd/${fd}`);
        if (/^\/(tmp|var\/tmp|dev\/shm)\//.test(target)) files.push(target);
      } catch {
        // gone meanwhile
      }
    }
  }
  return files;
}

interface Started {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: () => string;
  readonly kill: (signal: NodeJS.Signals) => void;
  /** The remote wrapper on the head and every process under it (sh, timeout, ab, the watcher, its cat). */
  readonly wrapper: ProcessInfo[];
}

/** `picon bench home --engine ab -d 60` until ab runs on the head. */
async function startAbRun(profile = 'lab'): Promise<Started> {
  expect(abProcesses(FRONTEND)).toEqual([]);
  const child = spawn(process.execPath, [PICON_BIN, '--profile', profile, 'bench', 'home', '--engine', 'ab', '-d', '60', '-c', '2'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const [ab] = await eventually('ab to run on the head', () => {
    const found = abProcesses(FRONTEND);
    return found.length === 1 ? found : undefined;
  });
  let wrapperPid = parentOf((ab as ProcessInfo).pid);
  while (wrapperPid !== undefined && treeOf(wrapperPid)[0]?.argv[0] !== 'sh') wrapperPid = parentOf(wrapperPid);
  if (wrapperPid === undefined) throw new Error('no sh wrapper above ab');
  const wrapper = treeOf(wrapperPid);
  expect(wrapper.map((p) => p.argv[0])).toEqual(expect.arrayContaining(['sh', 'ab', 'cat']));
  return { exited, stderr: () => stderr, kill: (s) => child.kill(s), wrapper };
}

/** Milliseconds from now until no ab of this lab runs (at most limitMs). */
async function msUntilNoAb(since: number, limitMs: number): Promise<number> {
  await eventually('no ab left on the head', () => abProcesses(FRONTEND).length === 0, limitMs, 10);
  return Date.now() - since;
}

describe('signals during a remote ab run', () => {
  it.each<[NodeJS.Signals, number]>([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ])('%s: ab on the head is ended, picon exits %i with one line, nothing is left or saved', async (signal, code) => {
    const before = historyLines();
    const tmpBefore = tmpEntries();
    const run = await startAbRun();
    expect(sharedTempFilesOf(run.wrapper)).toEqual([]);
    const sent = Date.now();
    run.kill(signal);
    expect(await run.exited).toEqual({ code, signal: null });
    expect(run.stderr()).toBe(`picon: home: stopped by ${signal}; ab on head was ended; nothing saved\n`);
    const ms = await msUntilNoAb(sent, 2_000);
    console.log(`${signal}: picon exited and no ab left ${ms} ms after the signal`);
    expect(stillRunning(run.wrapper)).toEqual([]);
    expect(historyLines()).toBe(before);
    expect([...tmpEntries()].filter((e) => !tmpBefore.has(e) && /ab|picon-ab/.test(e))).toEqual([]);
  });

  it('SIGKILL: the head ends ab on its own once the connection drops', async () => {
    const run = await startAbRun();
    const sent = Date.now();
    run.kill('SIGKILL');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const ms = await msUntilNoAb(sent, 3_000);
    console.log(`SIGKILL: no ab left ${ms} ms after the kill`);
    await eventually('the whole wrapper to end', () => stillRunning(run.wrapper).length === 0, 3_000, 20);
  });

  it('a second signal while the head does not answer (sshd frozen) exits at once', async () => {
    const run = await startAbRun();
    await lab.lab(['freeze', 'head', 'sshd']);
    try {
      run.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      const sent = Date.now();
      run.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
      expect(Date.now() - sent).toBeLessThan(1_000);
      expect(run.stderr()).toBe('picon: home: stopped at once (a second signal, SIGINT); ab on head ends as soon as the node sees the connection close; nothing saved\n');
      expect(abProcesses(FRONTEND)).toHaveLength(1);
    } finally {
      await lab.lab(['start', 'head', 'sshd']);
    }
    const resumed = Date.now();
    const ms = await msUntilNoAb(resumed, 3_000);
    console.log(`frozen sshd: ab ended ${ms} ms after sshd was resumed`);
  });
});

describe('a head behind Dropbear', () => {
  let dropbear: Dropbear | undefined;
  let profile = '';
  beforeAll(async () => {
    dropbear = await startDropbear({ lab: lab.status, nodes: ['head'], port: 2202 });
    profile = await dropbear.writeProfile();
  });
  afterAll(() => dropbear?.stop());

  it('SIGTERM: ab is ended and confirmed as on OpenSSH', async () => {
    const run = await startAbRun(profile);
    const sent = Date.now();
    run.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 143, signal: null });
    expect(run.stderr()).toBe('picon: home: stopped by SIGTERM; ab on head was ended; nothing saved\n');
    console.log(`Dropbear, SIGTERM: no ab left ${await msUntilNoAb(sent, 2_000)} ms after the signal`);
    expect(stillRunning(run.wrapper)).toEqual([]);
  });

  it('SIGKILL: Dropbear closes the session\'s stdin when the connection drops, and ab ends', async () => {
    const run = await startAbRun(profile);
    const sent = Date.now();
    run.kill('SIGKILL');
    await run.exited;
    console.log(`Dropbear, SIGKILL: no ab left ${await msUntilNoAb(sent, 3_000)} ms after the kill`);
    await eventually('the whole wrapper to end', () => stillRunning(run.wrapper).length === 0, 3_000, 20);
  });
});

describe('the console ended by a signal during a load test', () => {
  const tmux = tmuxServer(`picon-bench-signals-${process.pid}`);
  afterAll(() => tmux.kill());

  it('stops the run before it exits and says so; nothing is saved', async () => {
    // A copy of the lab profile with a long preset, so the run is still going when the signal comes.
    const profile = parse(await readFile(lab.profilePath, 'utf8')) as { loadTests: Record<string, unknown>[] };
    profile.loadTests.push({ name: 'long', target: 'frontend', path: '/', concurrency: 2, durationSeconds: 60 });
    const profileFile = path.join(path.dirname(lab.profilePath), 'signals-lab.yaml');
    await writeFile(profileFile, stringify(profile));
    const before = historyLines();
    await tmux.start('console', 120, 40, `${process.execPath} ${PICON_BIN} --profile ${profileFile}; echo PICON-EXITED $?; sleep 60`, {
      PICON_CONFIG_DIR: lab.configDir,
      PICON_DATA_DIR: dataDir,
      PATH: process.env['PATH'] ?? '',
    });
    await tmux.waitScreen('console', 'the console', (s) => s.includes('─ Throughput') && /head\s+up/.test(s));
    await tmux.keys('console', ':');
    await tmux.type('console', 'bench long');
    await tmux.keys('console', 'Enter');
    await tmux.waitScreen('console', 'the load test running', (s) => /load test long/.test(s) && !/load test long (done|failed)/.test(s));
    const consolePid = await eventually('the console process', () => {
      const pid = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).find((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(profileFile);
        } catch {
          return false;
        }
      });
      return pid;
    });
    process.kill(consolePid, 'SIGTERM');
    const after = await tmux.waitScreen('console', 'the console to exit', (s) => s.includes('PICON-EXITED'));
    expect(after).toContain('picon: load test long: stopped; nothing saved');
    expect(after).toMatch(/PICON-EXITED 0/);
    expect(historyLines()).toBe(before);
  });
});
