import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { eventually, haproxyServerStatus, PICON_BIN, startLab, type LabHandle } from './support/lab.js';

/**
 * The real `picon` binary in tmux (a private server, fixed 120×40) against the lab on 127.0.13:
 * keys go in with send-keys, the screen comes back with capture-pane, HAProxy is checked
 * directly on its admin socket.
 */

const SOCKET = `picon-console-e2e-${process.pid}`;
const COLUMNS = 120;
const ROWS = 40;
const EXITED = 'PICON-EXITED';

let lab: LabHandle;
/** The console's data dir (history, audit log): its own, empty at the start. */
let dataDir = '';
let started = 0;
let firstFrameMs = 0;
let firstFrame = '';

/** tmux on its own server; stdin is not used (tmux closes it at once). */
const tmux = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile('tmux', ['-L', SOCKET, ...args], { timeout: 10_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    ),
  );
const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'console')).stdout;
/** Each key on its own send-keys, as a person types: tmux would otherwise send them in one chunk. */
async function keys(...names: string[]): Promise<void> {
  for (const k of names) await tmux('send-keys', '-t', 'console', k);
}
/** Waits for a screen that passes test; on timeout the error shows the last screen seen. */
async function waitScreen(what: string, test: (s: string) => boolean, timeoutMs = 15_000): Promise<string> {
  let last = '';
  try {
    return await eventually(what, async () => {
      last = await screen();
      return test(last) ? last : undefined;
    }, timeoutMs, 50);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the screen was:\n${last}`);
  }
}
const row = (s: string, node: string): string => s.split('\n').find((l) => new RegExp(`^[▸ ] ${node}\\s`).test(l)) ?? '';
const NODES = ['head', 'p1', 'p2', 'p3', 'pi3'];
/** The header clock (HH:MM:SS at the end of the first line). */
const clock = (s: string): string => /(\d\d:\d\d:\d\d)\s*$/.exec(s.split('\n')[0] ?? '')?.[1] ?? '';

/**
 * The screen holds one whole console and nothing left over (the panes are drawn at absolute rows
 * beside Ink's frame): the header once on the first line, the table title on the third and the
 * nodes in order under it, one throughput and one events pane, one footer, within rows − 1.
 */
function expectOneWholeScreen(s: string): void {
  const lines = s.replace(/\n+$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(ROWS - 1);
  expect(lines[0]).toMatch(/^picon lab {2}HAProxy/);
  expect(s.match(/picon lab/g)).toHaveLength(1);
  expect(s.match(/req\/s .* nodes \d\/5 up/g)).toHaveLength(1);
  expect(lines[2]).toMatch(/^ {2}NODE\s+(MODEL\s+)?SSH\s+CPU/);
  expect(s.match(/NODE\s+(MODEL\s+)?SSH/g)).toHaveLength(1);
  expect(lines.slice(3, 8).map((l) => /^[▸ ] (\S+)/.exec(l)?.[1])).toEqual(NODES);
  for (const n of NODES) expect(s.split('\n').filter((l) => new RegExp(`^[▸ ] ${n}\\s`).test(l))).toHaveLength(1);
  expect(s.match(/─ Throughput/g)).toHaveLength(1);
  expect(s.match(/─ Events/g)).toHaveLength(1);
  expect(s.match(/q quit/g)).toHaveLength(1);
}

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.13' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-console-data-'));
  // CI=true as CI runners set it: Ink alone would then draw nothing until exit.
  const env = [...['PICON_CONFIG_DIR', 'PICON_LAB_DIR'].map((k) => `${k}=${lab.env[k] ?? ''}`), `PICON_DATA_DIR=${dataDir}`, 'CI=true'].flatMap((e) => ['-e', e]);
  // Something inside the process that prints with console.warn, and straight to stderr, a few
  // seconds in, as a library might.
  const noise = path.join(dataDir, 'console-noise.mjs');
  await writeFile(
    noise,
    "setTimeout(() => { console.warn('a library says hello'); process.stderr.write('debug-lib: raw \\u001b[33mline\\u001b[0m\\n'); }, 3000).unref();\n",
  );
  const command = `${process.execPath} --import ${noise} ${PICON_BIN} --profile lab; echo ${EXITED} $?; sleep 60`;
  started = Date.now();
  const r = await tmux('new-session', '-d', '-s', 'console', '-x', String(COLUMNS), '-y', String(ROWS), ...env, command);
  if (r.code !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  firstFrame = await waitScreen('the first frame', (s) => s.includes('picon lab'), 10_000);
  firstFrameMs = Date.now() - started;
});

afterAll(async () => {
  await tmux('kill-server');
  await lab?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

describe('picon console in tmux on the lab', () => {
  it('draws at once, then fills every row as the nodes answer', async () => {
    console.log(`first frame after ${firstFrameMs} ms (tmux start included)`);
    // The frame comes from the profile alone: every node has its row before any answer.
    for (const n of ['head', 'p1', 'p2', 'p3', 'pi3']) expect(row(firstFrame, n)).not.toBe('');
    const s = await waitScreen('all five nodes up with HAProxy servers UP', (x) =>
      ['head', 'p1', 'p2', 'p3', 'pi3'].every((n) => /\bup\b/.test(row(x, n))) && ['p1', 'p2', 'p3', 'pi3'].every((n) => /\bUP\b/.test(row(x, n))),
    );
    expect(s).toMatch(/HAProxy 2\.\d/);
    expectOneWholeScreen(s);
  });

  it('console.warn and raw stderr from inside the process go to the events pane, not over the screen', async () => {
    const s = await waitScreen(
      'the warning and the stderr line in the events pane',
      (x) => /^\d\d:\d\d:\d\d console: a library says hello/m.test(x) && /^\d\d:\d\d:\d\d stderr: debug-lib: raw line\s*$/m.test(x),
    );
    expectOneWholeScreen(s);
    expect(s.match(/a library says hello/g)).toHaveLength(1);
    expect(s.match(/debug-lib/g)).toHaveLength(1);
  });

  it('after several data frames the screen is still one whole console: nothing left over or doubled', async () => {
    const seen = new Set<string>();
    const s = await waitScreen('four different header clocks', (x) => {
      seen.add(clock(x));
      return seen.size >= 4;
    });
    expectOneWholeScreen(s);
    expectOneWholeScreen(await screen());
  });

  it('drains p2 after confirming: HAProxy says DRAIN on its socket and the screen says so too; r readies it', async () => {
    await keys('j', 'j');
    await waitScreen('p2 selected', (s) => row(s, 'p2').startsWith('▸'));
    await keys('d');
    await waitScreen('the confirm dialog on Cancel', (s) => /drain p2\?/.test(s) && s.includes('[ Cancel ]'));
    await keys('Tab');
    await waitScreen('focus on Drain', (s) => s.includes('[ Drain ]'));
    await keys('Enter');
    await eventually('HAProxy p2 DRAIN on the admin socket', async () => (await haproxyServerStatus(lab.status))['p2'] === 'DRAIN', 10_000);
    const s = await waitScreen('p2 DRAIN on screen', (x) => /\bDRAIN\b/.test(row(x, 'p2')));
    expect(s).toMatch(/drain p2: done: p2 DRAIN/);
    expect(row(s, 'p1')).toMatch(/\bUP\b/);

    await keys('r');
    await eventually('HAProxy p2 UP again', async () => (await haproxyServerStatus(lab.status))['p2'] === 'UP', 10_000);
    await waitScreen('p2 UP on screen', (x) => /\bUP\b/.test(row(x, 'p2')) && x.includes('ready p2: done'));
  });

  it('opening and cancelling the confirm dialog leaves the panes whole', async () => {
    await keys('d');
    const open = await waitScreen('the confirm dialog', (s) => /drain p2\?/.test(s) && s.includes('[ Cancel ]'));
    expect(open).not.toContain('─ Throughput');
    expect(open.match(/picon lab/g)).toHaveLength(1);
    await keys('Escape');
    const closed = await waitScreen('the dialog gone, the panes back', (s) => !s.includes('[ Cancel ]') && s.includes('─ Throughput') && s.includes('─ Events'));
    expectOneWholeScreen(closed);
    expect(row(closed, 'p2')).toMatch(/^▸/);
    const before = clock(closed);
    expectOneWholeScreen(await waitScreen('the next second', (s) => clock(s) !== before));
  });

  it('runs the smallest preset from the console; l shows its req/s and the comparison table; Esc goes back', async () => {
    const presets = (parse(await readFile(lab.profilePath, 'utf8')) as { loadTests?: { name: string; requests?: number }[] }).loadTests ?? [];
    const smallest = [...presets].sort((a, b) => (a.requests ?? Infinity) - (b.requests ?? Infinity))[0];
    expect(smallest, `presets in ${lab.profilePath}`).toBeDefined();
    const name = smallest?.name ?? '';
    await keys(':');
    await waitScreen('the command line', (s) => /^:/m.test(s));
    await tmux('send-keys', '-t', 'console', '-l', `bench ${name}`);
    await keys('Enter');
    const done = await waitScreen(`load test ${name} done`, (s) => new RegExp(`load test ${name} (done|failed)`).test(s), 90_000);
    const event = new RegExp(`load test ${name} done: (\\d+) req/s`).exec(done);
    expect(event, done).not.toBeNull();

    // The run went to the history file `picon bench history` reads.
    const history = (await readFile(path.join(dataDir, 'bench-history.jsonl'), 'utf8')).trim().split('\n');
    expect(history).toHaveLength(1);
    const saved = JSON.parse(history[0] ?? '{}') as { label: string; profile: string; result: { requestsPerSecond: number } };
    expect(saved.profile).toBe('lab');
    expect(Math.round(saved.result.requestsPerSecond)).toBe(Number(event?.[1]));

    await keys('l');
    const view = await waitScreen('the results view', (s) => s.includes('─ Last load test') && /^Metric\s/m.test(s));
    const rps = saved.result.requestsPerSecond.toFixed(2);
    expect(view).toMatch(new RegExp(`^ {2}Requests/s +${rps.replace('.', '\\.')}$`, 'm'));
    expect(view).toContain(saved.label);
    // Shares from HAProxy, or (a preset straight at one node) that none went through it.
    expect(view).toMatch(/^ {2}Servers +(\S+\/\S+ [\d.]+ % \(\d+\)|no requests went through HAProxy)/m);
    expect(view).toContain('The one run so far');
    expect(view).toMatch(new RegExp(`^Metric\\s+${saved.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    expect(view).toMatch(new RegExp(`^Requests Per Second \\(mean\\)\\s+${rps.replace('.', '\\.')}$`, 'm'));
    expect(view).not.toContain('─ Throughput');
    expect(view.match(/picon lab/g)).toHaveLength(1);

    await keys('Escape');
    const back = await waitScreen('the nodes table again', (s) => !s.includes('─ Last load test') && s.includes('─ Throughput'));
    expectOneWholeScreen(back);
  }, 120_000);

  it('after a second run, l says 2 read (side by side where they fit) and ↑ goes back to the first in full', async () => {
    const historyFile = path.join(dataDir, 'bench-history.jsonl');
    const lines = async () => (await readFile(historyFile, 'utf8')).trim().split('\n');
    const first = JSON.parse((await lines())[0] ?? '{}') as { plan: { preset: string }; result: { requestsPerSecond: number } };
    await keys(':');
    await waitScreen('the command line', (s) => /^:/m.test(s));
    await tmux('send-keys', '-t', 'console', '-l', `bench ${first.plan.preset}`);
    await keys('Enter');
    await eventually('the second run in the history', async () => (await lines()).length === 2, 90_000, 200);
    await keys('l');
    const both = await waitScreen('the results view with two runs', (s) => s.includes('Last load test (2 read, ↑ older)') && /^Metric\s/m.test(s));
    expect(both.match(/picon lab/g)).toHaveLength(1);
    // Two runs of one preset are told apart by id in the table; at 120 columns that may not fit.
    expect(both).toMatch(/─ (The last 2 runs side by side, newest last|The last run \(too narrow for more side by side\)) ─/);
    await keys('Up');
    const older = await waitScreen('the first run in full', (s) => s.includes('Load test 1 of 2 read') && s.includes('The oldest run read'));
    const rps = first.result.requestsPerSecond.toFixed(2);
    expect(older).toMatch(new RegExp(`^ {2}Requests/s +${rps.replace('.', '\\.')}$`, 'm'));
    await keys('Down');
    await waitScreen('back at the newest run', (s) => s.includes('Last load test (2 read, ↑ older)'));
    await keys('Escape');
    await waitScreen('the nodes table again', (s) => !s.includes('Last load test') && s.includes('─ Throughput'));
  }, 120_000);

  it('reflows when the terminal shrinks to 80×24 and grows back', async () => {
    await tmux('resize-window', '-t', 'console', '-x', '80', '-y', '24');
    const small = await waitScreen('the 80-column layout', (x) => !x.includes('SERVICES') && /NODE\s+SSH\s+CPU/.test(x));
    const lines = small.replace(/\n+$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const n of ['head', 'p1', 'p2', 'p3', 'pi3']) expect(row(small, n)).not.toBe('');
    await tmux('resize-window', '-t', 'console', '-x', String(COLUMNS), '-y', String(ROWS));
    await waitScreen('the 120-column layout', (x) => x.includes('SERVICES'));
    const before = clock(await screen());
    expectOneWholeScreen(await waitScreen('the next second at 120×40', (s) => clock(s) !== before));
  });

  it('a killed sshd shows p2 unreachable with why, the rest stay live; it recovers after lab start', async () => {
    const killed = await lab.lab(['kill', 'p2', 'sshd']);
    expect(killed.code).toBe(0);
    try {
      const s = await waitScreen('p2 DOWN with a reason', (x) => /\bDOWN\b.*since \d\d:\d\d:\d\d/.test(row(x, 'p2')), 30_000);
      expect(row(s, 'p2')).toMatch(/refused|closed|lost/);
      for (const n of ['head', 'p1', 'p3', 'pi3']) expect(row(s, n)).toMatch(/\bup\b/);
      expect(s).toMatch(/(lost|cannot reach) p2/);
    } finally {
      await lab.lab(['start', 'p2']);
    }
    const back = await waitScreen('p2 reconnected', (x) => /^[▸ ] p2\s+up\b/.test(row(x, 'p2')), 60_000);
    expect(back).toContain('reconnected to p2');
  });

  it('q leaves: the terminal is restored and picon exits 0', async () => {
    await keys('q');
    const s = await waitScreen('the exit line', (x) => x.includes(EXITED), 10_000);
    expect(s).toContain(`${EXITED} 0`);
    expect(s).not.toContain('Throughput');
  });

  it('SIGTERM leaves the same way: terminal restored, exit 0', async () => {
    await tmux('respawn-pane', '-k', '-t', 'console', `${process.execPath} ${PICON_BIN} --profile lab; echo ${EXITED} $?; sleep 60`);
    await waitScreen('the console again', (x) => x.includes('Throughput'), 10_000);
    const panePid = (await tmux('list-panes', '-t', 'console', '-F', '#{pane_pid}')).stdout.trim();
    const picon = await new Promise<string>((resolve) =>
      execFile('ps', ['-o', 'pid=,args=', '--ppid', panePid], (_e, out) => resolve(out.split('\n').find((l) => l.includes(PICON_BIN)) ?? '')),
    );
    const pid = Number(picon.trim().split(/\s+/)[0]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGTERM');
    const s = await waitScreen('the exit line', (x) => x.includes(EXITED), 10_000);
    expect(s).toContain(`${EXITED} 0`);
    expect(s).not.toContain('Throughput');
  });
});
