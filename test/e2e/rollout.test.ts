import { execFile, spawn } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, startLab, type LabHandle } from './support/lab.js';

/**
 * Rolling restarts on the lab at 127.0.70: a whole `rollout restart nginx --all` under load loses
 * no request and keeps every server's weight; a restart that fails stops the rollout there with
 * the rest serving, and `rollout resume` finishes it once fixed; a picon killed with SIGKILL
 * mid-rollout is resumed and leaves no server drained.
 */

let lab: LabHandle;
let dataDir: string;
const WORKERS = ['p1', 'p2', 'p3', 'pi3'];

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.70' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-e2e-rollout-'));
  lab.env['PICON_DATA_DIR'] = dataDir;
}, 120_000);
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const picon = (args: string[], timeoutMs = 90_000) => lab.picon(['--profile', 'lab', ...args], { timeoutMs });

/** Each web server's status and weight, straight from the admin socket. */
async function servers(): Promise<Record<string, { status: string; weight: number }>> {
  const text = await new Promise<string>((resolve) => execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (_e, out) => resolve(out)).stdin?.end('show stat\n'));
  const [header = '', ...rows] = text.split('\n');
  const cols = header.replace(/^# /, '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const out: Record<string, { status: string; weight: number }> = {};
  for (const row of rows) {
    const c = row.split(',');
    if (c[at('pxname')] === 'web' && c[at('svname')] !== 'BACKEND' && c[at('svname')] !== undefined) out[c[at('svname')] as string] = { status: c[at('status')] ?? '', weight: Number(c[at('weight')]) };
  }
  return out;
}

async function nginxPids(): Promise<Record<string, number | null>> {
  const status = await lab.refresh();
  return Object.fromEntries(WORKERS.map((w) => [w, status.nodes.find((n) => n.name === w)?.services.find((s) => s.name === 'nginx')?.pid ?? null]));
}

const events = (stdout: string) => stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('rollout restart nginx --all', () => {
  it('under load: zero failed or non-2xx requests, a new nginx on every worker, every server UP with its old weight', async () => {
    expect((await picon(['weight', 'p2', '3'])).code).toBe(0);
    const before = await nginxPids();
    const benchStarted = Date.now();
    const bench = picon(['--json', 'bench', '--url', lab.status.frontendUrl, '-d', '30', '--rate', '300', '-c', '8'], 120_000);
    await new Promise((r) => setTimeout(r, 1500));
    const rolling = picon(['--json', '--yes', 'rollout', 'restart', 'nginx', '--all']);
    // The rollout holds the head lock throughout: another picon's drain waits, then is refused naming it.
    await new Promise((r) => setTimeout(r, 4000));
    const other = await picon(['--yes', 'drain', 'p1', '--lock-wait', '1']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^picon: drain p1: refused: HAProxy on head is locked by .* \(pid \d+, rollout restart nginx --all\) since .*; waited 1 s/);
    const rollout = await rolling;
    const rolloutEnded = Date.now();
    expect(rollout.stderr).toBe('');
    expect(rollout.code).toBe(0);
    const seen = events(rollout.stdout);
    expect(seen.at(-1)).toMatchObject({ event: 'done', nodes: WORKERS });
    // Each node went through every step, in order, one at a time.
    for (const w of WORKERS) expect(seen.filter((e) => e['node'] === w && e['event'] === 'phase').map((e) => e['phase'])).toEqual(['draining', 'restarting', 'checking', 'readying', 'done']);
    const run = await bench;
    expect(run.code).toBe(0);
    // The load covered the whole rollout.
    expect(rolloutEnded - benchStarted).toBeLessThan(30_000);
    const result = (JSON.parse(run.stdout) as { result: { completed: number; failed: number; non2xx: number } }).result;
    console.log(`rollout under load: ${result.completed} requests sent, ${result.failed} failed, ${result.non2xx} non-2xx (rollout ${((rolloutEnded - benchStarted) / 1000).toFixed(1)} s after the load began)`);
    expect(result.completed).toBeGreaterThan(5000);
    expect(result.failed).toBe(0);
    expect(result.non2xx).toBe(0);
    const after = await nginxPids();
    for (const w of WORKERS) {
      expect(after[w]).not.toBeNull();
      expect(after[w]).not.toBe(before[w]);
    }
    expect(await servers()).toEqual({ p1: { status: 'UP', weight: 1 }, p2: { status: 'UP', weight: 3 }, p3: { status: 'UP', weight: 1 }, pi3: { status: 'UP', weight: 1 } });
    // Every step is in the audit journal: the rollout, and each drain, restart, health down and ready.
    const journal = (await readFile(path.join(dataDir, 'audit.jsonl'), 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { kind: string; action: string; title: string; result?: string });
    const results = journal.filter((l) => l.kind === 'result');
    expect(results.find((l) => l.action === 'rollout' && l.title === 'rollout restart nginx --all')?.result).toBe('ok');
    for (const w of WORKERS) {
      for (const title of [`drain ${w}`, `restart nginx on ${w}`, `rollout: set server health down web/${w}`, `ready ${w} (backend web)`]) {
        expect(results.some((l) => l.title === title && l.result === 'ok'), title).toBe(true);
      }
    }
  }, 90_000);
});

describe('a failure mid-rollout, and resume', () => {
  it('a restart that fails stops the rollout at that node with the rest serving; resume finishes once it is fixed', async () => {
    const conf = path.join(lab.dir, 'p3', 'nginx', 'nginx.conf');
    const saved = `${conf}.saved`;
    await copyFile(conf, saved);
    await appendFile(conf, 'this is not nginx;\n');
    const stopped = await picon(['--yes', 'rollout', 'restart', 'nginx', '--all']);
    await copyFile(saved, conf);
    expect(stopped.code).toBe(1);
    const line = stopped.stderr.split('\n').find((l) => l.startsWith('picon: '));
    expect(line).toMatch(/^picon: rollout restart nginx --all: stopped at p3 \(restarting\): restart nginx on p3: .*unknown directive "this".*; p1, p2 done and serving; p3 is left out of rotation — fix it, then run `picon rollout resume`$/);
    const mid = await servers();
    for (const w of ['p1', 'p2', 'pi3']) expect(mid[w]?.status).toBe('UP');
    expect(mid['p3']?.status).toMatch(/^(DRAIN|DOWN|MAINT)/);
    // The progress file says where it stopped.
    const progress = JSON.parse(await readFile(path.join(dataDir, 'rollout-lab.json'), 'utf8')) as { status: string; stopped: { node: string } };
    expect(progress).toMatchObject({ status: 'stopped', stopped: { node: 'p3' } });

    const resumed = await picon(['--json', '--yes', 'rollout', 'resume']);
    expect(resumed.code).toBe(0);
    const seen = events(resumed.stdout);
    expect(seen[0]).toMatchObject({ event: 'plan', resumed: true, batches: [['p3'], ['pi3']] });
    expect(seen.at(-1)).toMatchObject({ event: 'done' });
    expect(Object.values(await servers()).map((s) => s.status)).toEqual(['UP', 'UP', 'UP', 'UP']);
    // Nothing left to resume: one line, and nothing changes.
    const again = await picon(['--yes', 'rollout', 'resume']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^picon: rollout resume: refused: the last rollout \(rollout restart nginx --all\) finished at .*; nothing to resume\n$/);
  }, 60_000);

  it('a picon killed with SIGKILL mid-rollout is resumed, and no server is left drained', async () => {
    const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', '--json', '--yes', 'rollout', 'restart', 'nginx', '--all'], { env: lab.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const killedAt = await new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const hit = events(out.slice(0, out.lastIndexOf('\n') + 1)).find((e) => e['event'] === 'phase' && e['node'] === 'p2' && e['phase'] === 'restarting');
        if (hit !== undefined && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve('p2 restarting');
        }
      });
      child.on('close', () => resolve('ended before the kill'));
    });
    expect(killedAt).toBe('p2 restarting');
    await new Promise((r) => child.on('close', r));
    expect((await servers())['p2']?.status).not.toBe('UP');
    const progress = JSON.parse(await readFile(path.join(dataDir, 'rollout-lab.json'), 'utf8')) as { status: string; nodes: { node: string; phase: string }[] };
    expect(progress.status).toBe('running');
    expect(progress.nodes.map((n) => `${n.node} ${n.phase}`)).toEqual(['p1 done', 'p2 restarting', 'p3 waiting', 'pi3 waiting']);

    const resumed = await picon(['--yes', 'rollout', 'resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/rollout restart nginx --all: resuming\n  batch 1: p2\n  batch 2: p3\n  batch 3: pi3\n/);
    expect(resumed.stdout).toMatch(/rollout restart nginx --all: done: p1, p2, p3, pi3 in \d+ s\n$/);
    expect(await servers()).toEqual({ p1: { status: 'UP', weight: 1 }, p2: { status: 'UP', weight: 3 }, p3: { status: 'UP', weight: 1 }, pi3: { status: 'UP', weight: 1 } });
    // The next status reports the killed picon's open intents once, with what HAProxy says now.
    const status = await picon(['status']);
    expect(status.stdout + status.stderr).toMatch(/was interrupted/);
  }, 60_000);
});

describe('refusals', () => {
  it('never takes the last UP server out: refused up front in one line; --dry-run changes nothing; --read-only refuses', async () => {
    for (const w of ['p2', 'p3', 'pi3']) expect((await picon(['--yes', 'drain', w, '--force'])).code).toBe(0);
    const refused = await picon(['--yes', 'rollout', 'restart', 'nginx', '--all']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('picon: rollout restart nginx --all: refused: p1 is the only server taking traffic in backend web (the others: p2 DRAIN, p3 DRAIN, pi3 DRAIN); taking it out would answer 503 — ready another server first\n');
    for (const w of ['p2', 'p3', 'pi3']) expect((await picon(['ready', w])).code).toBe(0);
    const pids = await nginxPids();
    const dry = await picon(['--dry-run', 'rollout', 'restart', 'nginx', '--workers', 'p1,p3', '--batch', '2']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^rollout restart nginx --workers p1,p3: dry run, nothing changed\n  batch 1: p1, p3\n/);
    expect(dry.stdout).toContain('set server web/p3 health down');
    expect(await nginxPids()).toEqual(pids);
    const ro = await picon(['--read-only', '--yes', 'rollout', 'restart', 'nginx', '--all']);
    expect(ro.code).toBe(2);
    expect(ro.stderr).toBe('picon: rollout restart nginx --all: refused, picon is running --read-only (it changes the cluster)\n');
    const noTty = await picon(['rollout', 'restart', 'nginx', '--all']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/needs confirmation and there is no terminal to ask on: add --yes/);
  }, 60_000);
});
