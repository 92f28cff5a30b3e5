import { execFile, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLine } from '../../src/core/actions/audit-record.js';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { allServersUp, eventually, PICON_BIN, run, startLab, type LabHandle } from './support/lab.js';

/**
 * The audit journal on the lab at 127.0.42: nothing changes unless it can be recorded (a data
 * dir under a regular file, which stops root too), a dry run and a load test still print, and a
 * picon killed between its change and its result is reported once by the next `picon status`.
 */

let lab: LabHandle;
let base: string;
let dataDir: string;
/** A data dir whose parent is a regular file: mkdir fails with ENOTDIR, whoever runs the test. */
let badDir: string;
const held: net.Socket[] = [];

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.42' });
  base = await mkdtemp(path.join(os.tmpdir(), 'picon-e2e-journal-'));
  dataDir = path.join(base, 'data');
  writeFileSync(path.join(base, 'plain-file'), '');
  badDir = path.join(base, 'plain-file', 'picon');
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await lab?.stop();
  if (base !== undefined) await rm(base, { recursive: true, force: true });
});
afterEach(async () => {
  for (const s of held.splice(0)) s.destroy();
  for (const w of ['p1', 'p2', 'p3', 'pi3']) await picon(dataDir, 'ready', w);
  await allServersUp(lab.status);
});

const picon = (data: string, ...args: string[]) =>
  run(process.execPath, [PICON_BIN, '--profile', 'lab', ...args], { env: { ...lab.env, PICON_DATA_DIR: data }, timeoutMs: 60_000 });

function socket(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (err, out) => (err !== null ? reject(err) : resolve(out)));
    child.stdin?.end(`${line}\n`);
  });
}

/** status, weight and current sessions of web/NAME, straight from the admin socket. */
async function server(name: string): Promise<{ status: string; weight: string; sessions: number }> {
  const lines = (await socket('show stat')).split('\n');
  const cols = (lines[0] ?? '').replace(/^# /, '').split(',');
  const row = lines.map((l) => l.split(',')).find((c) => c[cols.indexOf('pxname')] === 'web' && c[cols.indexOf('svname')] === name);
  if (row === undefined) throw new Error(`no web/${name} in show stat`);
  return { status: row[cols.indexOf('status')] ?? '', weight: row[cols.indexOf('weight')] ?? '', sessions: Number(row[cols.indexOf('scur')]) };
}

/** POSTs whose body never comes: each holds one session on the server roundrobin gave it, until p1 has one. */
async function holdSessionOnP1(): Promise<void> {
  const [host, port] = new URL(lab.status.frontendUrl).host.split(':');
  for (let i = 0; i < 8 && (await server('p1')).sessions === 0; i++) {
    const s = net.connect(Number(port), host as string);
    s.on('error', () => undefined);
    held.push(s);
    s.write('POST / HTTP/1.1\r\nHost: lab\r\nContent-Length: 1000000\r\n\r\nx');
    await new Promise((r) => setTimeout(r, 200));
  }
  await eventually('a session on web/p1', async () => (await server('p1')).sessions > 0, 5000);
}

function journal(): AuditLine[] {
  return readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditLine);
}

/** `drain p1 --wait`, SIGKILLed once it reports it is waiting (after the drain was sent). */
async function drainKilledWhileWaiting(): Promise<void> {
  const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', 'drain', 'p1', '--wait', '--yes'], { env: { ...lab.env, PICON_DATA_DIR: dataDir } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  await eventually('picon waiting for p1 to drain', () => /p1: \d+ sessions? left/.test(stderr), 20_000);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('nothing changes unless it can be recorded', () => {
  it('drain with an unwritable data dir: exit 2, one line naming the file and why; HAProxy unchanged', async () => {
    const r = await picon(badDir, 'drain', 'p1', '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`picon: drain p1: refused: cannot record the action in ${badDir}/audit.jsonl (a part of the path is not a directory); nothing was changed\n`);
    expect(r.stdout).toBe('');
    expect((await server('p1')).status).toBe('UP');
  });

  it('a restart is not run either', async () => {
    const before = lab.node('p1').services.find((s) => s.name === 'nginx')?.pid;
    const r = await picon(badDir, 'restart', 'p1', 'nginx', '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^picon: restart nginx on p1: refused: cannot record the action in .*audit\.jsonl \(a part of the path is not a directory\); nothing was changed\n$/);
    expect((await lab.refresh()).nodes.find((n) => n.name === 'p1')?.services.find((s) => s.name === 'nginx')?.pid).toBe(before);
  });

  it('--dry-run prints its plan and one warning line, exit 0', async () => {
    const r = await picon(badDir, '--dry-run', 'drain', 'p1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^drain p1: dry run, nothing changed\n[\s\S]*would run:\n[\s\S]*set server web\/p1 state drain/);
    expect(r.stderr).toBe(`picon: warning: could not record the dry run in ${badDir}/audit.jsonl (a part of the path is not a directory)\n`);
  });

  it('bench prints its result, then one line: the run was not saved, exit 1', async () => {
    const r = await picon(badDir, 'bench', 'home', '-n', '200', '-c', '4');
    expect(r.stdout).toMatch(/^home → .*\n {2}Requests\/s +\d/);
    expect(r.stdout).not.toContain('Saved as');
    expect(r.stderr).toBe(`picon: the run was not saved in ${badDir}/bench-history.jsonl (a part of the path is not a directory)\n`);
    expect(r.code).toBe(1);
  });
});

describe('an action interrupted between its change and its result', () => {
  it('the journal keeps the intent; the next status reports it once with what HAProxy says now', async () => {
    await holdSessionOnP1();
    await drainKilledWhileWaiting();
    const lines = journal();
    const intent = lines.at(-1);
    expect(intent).toMatchObject({ kind: 'intent', action: 'drain', target: { node: 'p1', servers: ['web/p1'] }, before: { 'web/p1': { status: 'UP' } } });
    expect((await server('p1')).status).toBe('DRAIN');

    const first = await picon(dataDir, 'status');
    const reported = first.stdout.split('\n').filter((l) => l.includes('was interrupted'));
    expect(reported).toEqual([expect.stringMatching(/^! an action on p1 was interrupted at \d\d:\d\d:\d\d \(drain p1 by [^)]+\); HAProxy now says web\/p1 DRAIN weight 1, [1-9]\d* sessions?$/)]);
    expect(journal().at(-1)).toMatchObject({ kind: 'result', id: intent?.id, result: 'interrupted', after: { 'web/p1': { status: 'DRAIN' } } });

    const second = await picon(dataDir, 'status', '--json');
    expect((JSON.parse(second.stdout) as StatusReport).interrupted).toEqual([]);
    expect(second.stdout).not.toContain('was interrupted');
  });

  it('status --json lists it in `interrupted`, with the intent and the state now', async () => {
    await holdSessionOnP1();
    await drainKilledWhileWaiting();
    const id = journal().at(-1)?.id;
    const r = await picon(dataDir, 'status', '--json');
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.interrupted).toHaveLength(1);
    expect(report.interrupted[0]).toMatchObject({
      id, action: 'drain', title: 'drain p1', node: 'p1', servers: ['web/p1'], host: os.hostname(),
      before: { 'web/p1': { status: 'UP' } }, now: { 'web/p1': { status: 'DRAIN', weight: 1 } },
      message: expect.stringMatching(/^an action on p1 was interrupted at /),
    });
    expect((JSON.parse((await picon(dataDir, 'status', '--json')).stdout) as StatusReport).interrupted).toEqual([]);
  });

  it('a finished action leaves nothing to report', async () => {
    expect((await picon(dataDir, 'drain', 'p2', '--yes')).code).toBe(0);
    const [intent, result] = journal().slice(-2);
    expect(intent).toMatchObject({ kind: 'intent', target: { node: 'p2' } });
    expect(result).toMatchObject({ kind: 'result', id: intent?.id, result: 'ok' });
    expect((JSON.parse((await picon(dataDir, 'status', '--json')).stdout) as StatusReport).interrupted).toEqual([]);
  });
});

describe('picon audit: the journal read back', () => {
  it('one line per action (intent and result together), filtered by node, action and time; --json carries the change', async () => {
    const data = path.join(base, 'audit-read');
    expect((await picon(data, 'drain', 'p3', '--yes')).code).toBe(0);
    expect((await picon(data, 'weight', 'pi3', '3', '--yes')).code).toBe(0);
    expect((await picon(data, 'weight', 'pi3', '1', '--yes')).code).toBe(0);
    expect((await picon(data, 'drain', 'p2', '--dry-run')).code).toBe(0);

    const human = await picon(data, 'audit');
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+USER\s+ACTION\s+RESULT\s+CHANGE$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d .*drain p3 +ok +web\/p3 UP→DRAIN$/),
      expect.stringMatching(/weight pi3 3 +ok +web\/pi3 UP weight 1→3$/),
      expect.stringMatching(/weight pi3 1 +ok +web\/pi3 UP weight 3→1$/),
      expect.stringMatching(/drain p2 +dry-run +web\/p2 UP$/),
    ]);

    const onP3 = await picon(data, 'audit', '--node', 'p3', '--json');
    const parsed = JSON.parse(onP3.stdout) as { entries: { title: string; outcome: string; change: string; user: string; endedAt?: string }[]; file: string };
    expect(onP3.stderr).toBe('');
    expect(parsed.file).toBe(path.join(data, 'audit.jsonl'));
    expect(parsed.entries).toEqual([expect.objectContaining({ title: 'drain p3', outcome: 'ok', change: 'web/p3 UP→DRAIN', user: os.userInfo().username, endedAt: expect.any(String) })]);

    const weights = JSON.parse((await picon(data, 'audit', '--action', 'weight', '--limit', '1', '--json')).stdout) as typeof parsed;
    expect(weights.entries.map((e) => e.title)).toEqual(['weight pi3 1']);
    expect((await picon(data, 'audit', '--since', '2h')).stdout.trimEnd().split('\n')).toHaveLength(5);
    expect((await picon(data, 'audit', '--since', '2099-01-01')).stdout).toBe(`no actions recorded that match in ${path.join(data, 'audit.jsonl')}\n`);

    const bad = await picon(data, 'audit', '--since', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')[0]).toBe('picon: --since: yesterday is not allowed; give a time ago (30s, 15m, 2h, 7d, 1w) or a UTC date or time (2026-12-07, 2026-12-07T03:12)');
  });
});
