import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants } from '../../src/adapters/lab/proc.js';
import { shellQuote } from '../../src/core/remote/shell-quote.js';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { PICON_BIN, REPO_ROOT, startLab, type LabHandle } from './support/lab.js';
import { tmuxServer, type TmuxServer } from './support/tmux.js';

/**
 * Prometheus as the health source (lab on 127.0.73, `lab up --metrics prometheus`): status and
 * the console read every node's health from the lab's Prometheus (node_exporter per node, in the
 * worker's sensor namespace), with its source and age; while only watching, no SSH session is
 * open to any worker; an action opens exactly its node's connection; Prometheus stopped mid-run
 * is one line, never a crash.
 */

let lab: LabHandle;
let tmux: TmuxServer;
let dataDir = '';
const WORKERS = ['p1', 'p2', 'p3', 'pi3'];

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.73', metrics: 'prometheus' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-prometheus-'));
  tmux = tmuxServer(`picon-prometheus-${process.pid}`);
}, 180_000);

afterAll(async () => {
  await tmux?.kill();
  await lab?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

/** SSH sessions open on each worker now: the processes under its sshd listener. */
const sessions = async (): Promise<Record<string, number>> => {
  const status = await lab.refresh();
  return Object.fromEntries(WORKERS.map((w) => {
    const pid = status.nodes.find((n) => n.name === w)?.services.find((s) => s.name === 'sshd')?.pid;
    return [w, pid === null || pid === undefined ? -1 : descendants(pid).length];
  }));
};
const row = (s: string, node: string): string => s.split('\n').find((l) => new RegExp(`^[▸ ] ${node}\\s`).test(l)) ?? '';

describe('Prometheus as the health source', () => {
  it('lab up --metrics prometheus runs node_exporter on every node and Prometheus on the head; the profile names it', async () => {
    const status = await lab.refresh();
    expect(status.healthy).toBe(true);
    for (const n of status.nodes) expect(n.services.find((s) => s.name === 'node-exporter')?.running, n.name).toBe(true);
    expect(status.nodes.find((n) => n.role === 'head')?.services.find((s) => s.name === 'prometheus')?.running).toBe(true);
    const text = await lab.lab(['status']);
    expect(text.stdout).toMatch(/prometheus up \(\d+\)/);
  });

  it('status --json: every node\'s health from Prometheus with its age; a heated pi3 is hot through node_exporter', async () => {
    expect((await lab.lab(['heat', 'pi3'])).code).toBe(0);
    let report: StatusReport | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await lab.picon(['--profile', 'lab', 'status', '--json']);
      expect(r.code, r.stderr).toBe(0);
      report = JSON.parse(r.stdout) as StatusReport;
      if ((report.nodes.find((n) => n.name === 'pi3')?.temperatureCelsius ?? 0) >= 80) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const n of report?.nodes ?? []) {
      expect(n.healthSource?.source, n.name).toBe('prometheus');
      expect(n.healthSource?.ageSeconds, n.name).toBeGreaterThanOrEqual(0);
      expect(n.healthSource?.ageSeconds, n.name).toBeLessThan(10);
      expect(n.cpu?.cores.length, n.name).toBeGreaterThan(0);
    }
    const pi3 = report?.nodes.find((n) => n.name === 'pi3');
    expect(pi3?.temperatureCelsius).toBeGreaterThanOrEqual(80);
    expect(pi3?.armClockHz).toBe(600e6);
    // Its own Pi files, not the others': p1 rests cool at full clock.
    const p1 = report?.nodes.find((n) => n.name === 'p1');
    expect(p1?.temperatureCelsius).toBeLessThan(60);
    expect(p1?.armClockHz).toBe(1000e6);
    expect(Object.values(await sessions())).toEqual([0, 0, 0, 0]);
  });

  it('the console shows each row\'s source and age, opens no SSH session to a worker while watching, and one on p1 for a restart there', async () => {
    const env = { PICON_CONFIG_DIR: lab.configDir, PICON_LAB_DIR: lab.dir, PICON_DATA_DIR: dataDir, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    await tmux.start('console', 140, 40, `cd ${shellQuote(REPO_ROOT)} && ${shellQuote(process.execPath)} ${shellQuote(PICON_BIN)} --profile lab; echo EXITED $?; sleep 60`, env);
    const s = await tmux.waitScreen('console', 'every worker read from Prometheus', (x) => WORKERS.every((w) => /\sP \d+s\s/.test(row(x, w))) && /8\d\.\d/.test(row(x, 'pi3')), 30_000);
    expect(row(s, 'pi3')).toMatch(/600 MHz/);
    // Watching for a few seconds: no session on any worker.
    for (let i = 0; i < 5; i++) {
      expect(await sessions()).toEqual({ p1: 0, p2: 0, p3: 0, pi3: 0 });
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    await tmux.keys('console', ':');
    await tmux.waitScreen('console', 'the command line', (x) => /^:/m.test(x));
    await tmux.type('console', 'restart p1 nginx');
    await tmux.keys('console', 'Enter');
    await tmux.waitScreen('console', 'the question', (x) => x.includes('restart nginx on p1?'), 15_000);
    await tmux.keys('console', 'Right', 'Enter');
    await tmux.waitScreen('console', 'the restart done', (x) => /restart nginx on p1: done/.test(x), 30_000);
    const after = await sessions();
    expect(after.p1).toBeGreaterThan(0);
    expect({ p2: after.p2, p3: after.p3, pi3: after.pi3 }).toEqual({ p2: 0, p3: 0, pi3: 0 });
  }, 90_000);

  it('Prometheus stopped mid-run: one clear line in the console, stale readings with their age, no crash; status says why', async () => {
    expect((await lab.lab(['stop', 'head', 'prometheus'])).code).toBe(0);
    const s = await tmux.waitScreen('console', 'the line about Prometheus', (x) => /Prometheus at http:\/\/127\.0\.73\.1:9090: connection refused/.test(x), 15_000);
    expect(s.match(/Prometheus at http:\/\/127\.0\.73\.1:9090: connection refused/g)?.length).toBe(1);
    expect(s).not.toContain('EXITED');
    const r = await lab.picon(['--profile', 'lab', 'status', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as StatusReport;
    for (const n of report.nodes) expect(n.error, n.name).toMatch(/^Prometheus at http:\/\/127\.0\.73\.1:9090: connection refused/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    // It comes back: the console says so and reads again.
    expect((await lab.lab(['start', 'head', 'prometheus'])).code).toBe(0);
    await tmux.waitScreen('console', 'Prometheus answering again', (x) => x.includes('answers again'), 30_000);
  }, 60_000);
});
