import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionReport } from '../../src/core/actions/action-report.js';
import { setWeightInConfig } from '../../src/core/actions/config-weight-edit.js';
import { PICON_BIN, allServersUp, eventually, haproxyServerStatus, startLab, type LabHandle } from './support/lab.js';

/**
 * `weight --persist` killed (SIGKILL) at spread-out moments while it runs, on the lab at
 * 127.0.40 with haproxy.cfg padded to 6 MB: after each kill haproxy.cfg is byte for byte the
 * old config or the new one, with its mode, and `haproxy -c` passes; the next persist that runs
 * to the end leaves no temp file. Then a config past the 16 MiB limit: refused, untouched.
 *
 * PICON_KILLS=100 runs a longer loop by hand; the counts are printed as `persist-kill: {…}`.
 */

const KILLS = Number(process.env['PICON_KILLS'] ?? 12);
const PADDED_BYTES = 6_000_000;
const P1 = { backend: 'web', server: 'p1' };

let lab: LabHandle;
let config: string;
let dataDir: string;

/** Comment lines after the last backend: a cut anywhere in them would still pass `haproxy -c`. */
function pad(text: string, bytes: number): string {
  const line = '# padding: a big config, as a cluster with many sites has; picon must write all of it or none\n';
  return `${text}${line.repeat(Math.ceil((bytes - text.length) / line.length))}`;
}

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.40' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-e2e-persist-kill-'));
  lab.env['PICON_DATA_DIR'] = dataDir;
  config = path.join(lab.dir, 'head', 'haproxy.cfg');
  writeFileSync(config, pad(readFileSync(config, 'utf8'), PADDED_BYTES));
  await allServersUp(lab.status);
}, 180_000);

afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const picon = (...args: string[]) => lab.picon(['--profile', 'lab', ...args], { timeoutMs: 60_000 });

function haproxyCheck(file: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile('haproxy', ['-c', '-q', '-f', file], { env: { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin` }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ ok: err === null, output: `${stdout}${stderr}` }),
    );
  });
}

/** The remote end of a killed picon may still be running (it is a process on this machine). */
async function remoteWriteDone(): Promise<void> {
  await eventually('the atomic write script of the killed picon has ended', async () => {
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes(config) && (cmdline.includes('picon-write') || cmdline.includes('.picon-'))) return false;
    }
    return true;
  }, 20_000);
}

function runUntilKilled(weight: number, killAfterMs: number): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PICON_BIN, '--profile', 'lab', '--yes', 'weight', 'p1', String(weight), '--persist'], { env: lab.env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

const tempFiles = (): string[] => readdirSync(path.dirname(config)).filter((n) => /^haproxy\.cfg\.picon-[A-Za-z0-9]{6}\.tmp$/.test(n));
const backups = (): string[] => readdirSync(path.dirname(config)).filter((n) => /^haproxy\.cfg\.picon-.*\.bak$/.test(n));

describe('weight --persist killed while it writes a 6 MB haproxy.cfg', () => {
  it(`leaves the old or the new config after each of ${KILLS} kills, never a third; the next persist leaves no temp file`, async () => {
    const mode = statSync(config).mode;
    // How long a whole run takes: the shorter of two (the first one also warms the caches).
    let fullMs = Number.POSITIVE_INFINITY;
    for (const weight of [2, 3]) {
      const started = Date.now();
      const full = await picon('--json', '--yes', 'weight', 'p1', String(weight), '--persist');
      fullMs = Math.min(fullMs, Date.now() - started);
      expect(full.code, full.stderr).toBe(0);
      expect((JSON.parse(full.stdout) as ActionReport).persist).toMatchObject({ ok: true, checked: true, reloaded: true });
    }

    const counts = { kills: 0, old: 0, new: 0, other: 0, finished: 0 };
    const others: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const old = readFileSync(config);
      const weight = /server p1 \S+ .*weight 2\n/.test(old.toString('utf8')) ? 3 : 2;
      const edit = setWeightInConfig(old.toString('utf8'), P1, weight);
      if (!edit.ok) throw new Error(edit.reason);
      const expected = Buffer.from(edit.text, 'utf8');
      // Stratified over the measured length of a whole run, so kills land in every phase.
      const at = Math.round((fullMs * (i + Math.random())) / KILLS);
      const ended = await runUntilKilled(weight, at);
      await remoteWriteDone();
      const now = readFileSync(config);
      if (ended.signal === 'SIGKILL') counts.kills++;
      else counts.finished++;
      if (now.equals(old)) counts.old++;
      else if (now.equals(expected)) counts.new++;
      else {
        counts.other++;
        others.push(`kill at ${at} ms: ${now.length} bytes (old ${old.length}, new ${expected.length})`);
      }
      expect(statSync(config).mode).toBe(mode);
      const check = await haproxyCheck(config);
      expect(check.ok, `haproxy -c after a kill at ${at} ms: ${check.output}`).toBe(true);
    }
    console.log(`persist-kill: ${JSON.stringify({ ...counts, configBytes: PADDED_BYTES, fullRunMs: fullMs })}`);
    expect(others).toEqual([]);
    expect(counts.old + counts.new).toBe(KILLS);

    const after = await picon('--yes', 'weight', 'p1', '1', '--persist');
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(tempFiles()).toEqual([]);
    expect(backups().length).toBeLessThanOrEqual(5);
    expect(readFileSync(config, 'utf8')).toMatch(/server p1 \S+ check inter 1s fall 2 rise 2 weight 1\n/);
    await eventually('every server UP after the last reload', async () => Object.values(await haproxyServerStatus(lab.status)).every((s) => s === 'UP'), 30_000);
  }, 240_000);

  it('a temp file left by a killed run is removed by the next persist, which says so', async () => {
    const stale = `${config}.picon-Kil1ed.tmp`;
    const foreign = `${config}.picon-notmine.tmp`;
    writeFileSync(stale, 'half a config');
    writeFileSync(foreign, 'someone else’s');
    const r = await picon('--yes', 'weight', 'p1', '2', '--persist');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed ${stale}, left by an interrupted run`);
    expect(tempFiles()).toEqual([]);
    expect(readFileSync(foreign, 'utf8')).toBe('someone else’s');
    await rm(foreign);
  }, 60_000);

  it('a config past 16 MiB is refused with its size, untouched, and the runtime weight is not changed', async () => {
    const before = readFileSync(config, 'utf8');
    const huge = pad(before, 17 * 1024 * 1024 + 5);
    writeFileSync(config, huge);
    try {
      const weightBefore = (await picon('--json', 'status')).stdout;
      const r = await picon('--yes', 'weight', 'p1', '4', '--persist');
      expect(r.code).toBe(1);
      const size = Buffer.byteLength(huge);
      expect(r.stdout + r.stderr).toContain(`--persist: ${config} is ${(size / 1024 / 1024).toFixed(1)} MiB (${size} bytes), more than the 16 MiB picon edits; refused, nothing changed`);
      expect(readFileSync(config, 'utf8')).toBe(huge);
      expect(tempFiles()).toEqual([]);
      const p1Weight = (out: string) => (JSON.parse(out) as { haproxy: { servers: { server: string; weight: number }[] } }).haproxy.servers.find((s) => s.server === 'p1')?.weight;
      expect(p1Weight((await picon('--json', 'status')).stdout)).toBe(p1Weight(weightBefore));
    } finally {
      writeFileSync(config, before);
    }
  }, 60_000);
});
