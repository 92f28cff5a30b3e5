import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { lockFilesFor, lockScript, parseHolder } from '../../src/core/actions/head-lock.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { eventually, haproxyServerStatus, httpGet, PICON_BIN, sshArgs, startLab, type LabHandle } from './support/lab.js';

/**
 * The head lock on the lab at 127.0.41: two picons at once never take the backend down, two
 * --persist at once both land in haproxy.cfg, a holder that is SIGKILLed lets go at once, a
 * failed action lets go, and a picon that waits in vain names the holder.
 */

// More by hand: PICON_LOCK_PAIRS=20 PICON_LOCK_PERSIST_PAIRS=5 PICON_LOCK_PAIR_ARGS='--lock-wait 0'
const PAIRS = Number(process.env['PICON_LOCK_PAIRS'] ?? 4);
const PERSIST_PAIRS = Number(process.env['PICON_LOCK_PERSIST_PAIRS'] ?? 1);
const PAIR_ARGS = (process.env['PICON_LOCK_PAIR_ARGS'] ?? '').split(' ').filter((a) => a !== '');
let lab: LabHandle;
let dataDir: string;
let lockFile: string;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.41' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-e2e-lock-'));
  lab.env['PICON_DATA_DIR'] = dataDir;
  lockFile = lockFilesFor(lab.status.adminSocket).primary;
}, 180_000);
afterAll(async () => {
  await lab?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const picon = (...args: string[]) => lab.picon(['--profile', 'lab', ...args], { timeoutMs: 60_000 });

/** A copy of the lab profile whose head restarts haproxy with `template` (beside it: same relative paths). */
async function profileWithHeadRestart(name: string, template: string): Promise<string> {
  const data = parse(await readFile(lab.profilePath, 'utf8')) as { head: { serviceControl?: Record<string, string> } };
  data.head.serviceControl = { ...data.head.serviceControl, restart: template };
  const file = path.join(path.dirname(lab.profilePath), `${name}.yaml`);
  await writeFile(file, stringify(data), { mode: 0o600 });
  return file;
}

function startPicon(args: string[]): ChildProcess {
  return spawn(process.execPath, [PICON_BIN, ...args], { env: lab.env, stdio: ['ignore', 'pipe', 'pipe'] });
}

const holderNow = () => {
  try {
    return parseHolder(readFileSync(`${lockFile}.holder-${process.getuid?.() ?? 0}`, 'utf8'));
  } catch {
    return null;
  }
};

/** The web backend's own status row, straight from the admin socket. */
async function backendStatus(): Promise<string> {
  const out = await new Promise<string>((resolve) =>
    execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (_e, stdout) => resolve(stdout)).stdin?.end('show stat\n'),
  );
  return parseStatCsv(out).records.find((r) => r.proxy === 'web' && r.type === 'backend')?.status?.raw ?? '?';
}

describe('two picons at once', () => {
  it(`with p3 and pi3 drained, drain p1 and drain p2 together (${PAIRS} times): one goes through, the other is refused, the backend never goes DOWN`, async () => {
    expect((await picon('drain', 'p3', '--yes')).code).toBe(0);
    expect((await picon('drain', 'pi3', '--yes')).code).toBe(0);
    const outcomes: string[] = [];
    for (let i = 0; i < PAIRS; i++) {
      let down = 0;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          if ((await backendStatus()) !== 'UP') down++;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const [a, b] = await Promise.all([picon('drain', 'p1', '--yes', ...PAIR_ARGS), picon('drain', 'p2', '--yes', ...PAIR_ARGS)]);
      watching = false;
      await watch;
      expect(down).toBe(0);
      expect([a.code, b.code].sort()).toEqual([0, 1]);
      const refused = a.code === 1 ? a : b;
      expect(refused.stderr).toMatch(/refused: (HAProxy on head is locked by \S+@\S+ \(pid \d+, drain p\d\) since \d\d:\d\d:\d\dZ|web\/p\d is the last)/);
      outcomes.push(refused.stderr.includes('locked by') ? 'lock' : 'guard');
      const servers = await haproxyServerStatus(lab.status);
      expect([servers['p1'], servers['p2']].sort()).toEqual(['DRAIN', 'UP']);
      expect((await httpGet(`${lab.status.frontendUrl}`)).status).toBe(200);
      expect((await picon('ready', a.code === 0 ? 'p1' : 'p2')).code).toBe(0);
    }
    console.log(`concurrent drain pairs: ${PAIRS}, second refused by the guard ${outcomes.filter((o) => o === 'guard').length}, by the lock ${outcomes.filter((o) => o === 'lock').length}`);
    expect((await picon('ready', 'p3')).code).toBe(0);
    expect((await picon('ready', 'pi3')).code).toBe(0);
  }, 300_000);

  it(`weight p1 N --persist and weight p2 M --persist together (${PERSIST_PAIRS} times): both weights are in haproxy.cfg`, async () => {
    for (let i = 0; i < PERSIST_PAIRS; i++) {
      const [w1, w2] = [String(3 + i), String(4 + i)];
      const [a, b] = await Promise.all([picon('weight', 'p1', w1, '--persist', '--yes'), picon('weight', 'p2', w2, '--persist', '--yes')]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const cfg = await readFile(path.join(lab.dir, 'head', 'haproxy.cfg'), 'utf8');
      expect(cfg).toMatch(new RegExp(`server p1 \\S+ .*weight ${w1}\n`));
      expect(cfg).toMatch(new RegExp(`server p2 \\S+ .*weight ${w2}\n`));
    }
    expect((await picon('weight', 'p1', '1', '--persist', '--yes')).code).toBe(0);
    expect((await picon('weight', 'p2', '1', '--persist', '--yes')).code).toBe(0);
  }, 60_000 + PERSIST_PAIRS * 30_000);
});

describe('the holder', () => {
  it('held by someone else: --lock-wait 1 is refused naming user@host, pid, action and time; nothing changes; free again once they let go', async () => {
    const since = new Date().toISOString();
    const script = lockScript(lockFilesFor(lab.status.adminSocket), { user: 'alice', host: 'laptop', pid: 4242, what: 'weight p1 9', since }, 5);
    const holder = spawn('ssh', [...sshArgs(lab.status, lab.node('head').address), script.text], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    holder.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await eventually('the outside holder has the lock', () => out.includes('PICON-HEAD-LOCK-HELD'));
    const started = Date.now();
    const r = await picon('drain', 'p1', '--lock-wait', '1', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`picon: drain p1: refused: HAProxy on head is locked by alice@laptop (pid 4242, weight p1 9) since ${since.slice(11, 19)}Z; waited 1 s; try again or wait (--lock-wait SECONDS waits longer)`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect((await haproxyServerStatus(lab.status))['p1']).toBe('UP');
    const closed = new Promise((resolve) => holder.on('close', resolve));
    holder.stdin.end();
    await closed;
    const next = await picon('drain', 'p1', '--lock-wait', '0', '--yes');
    expect(next.code).toBe(0);
    expect((await picon('ready', 'p1')).code).toBe(0);
  }, 60_000);

  it('a picon SIGKILLed while it holds the lock: the next action gets it at once', async () => {
    const slow = await profileWithHeadRestart('lab-slow-restart', 'sleep 20');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const child = startPicon(['--profile', slow, 'restart', 'head', 'haproxy', '--yes']);
      await eventually('the restart holds the lock', () => holderNow()?.pid === child.pid, 20_000);
      const exited = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGKILL');
      await exited;
      const started = Date.now();
      const r = await picon('drain', 'p1', '--lock-wait', '20', '--yes');
      times.push(Date.now() - started);
      expect(r.code).toBe(0);
      expect((await picon('ready', 'p1')).code).toBe(0);
    }
    console.log(`after SIGKILL of the holder, the next drain took ${times.join(', ')} ms (lock wait allowed 20000)`);
    expect(Math.max(...times)).toBeLessThan(8000);
  }, 120_000);

  it('an action that fails lets go of the lock', async () => {
    const failing = await profileWithHeadRestart('lab-failing-restart', 'echo no reload for you >&2; exit 3');
    const r = await lab.picon(['--profile', failing, 'restart', 'head', 'haproxy', '--yes'], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('no reload for you');
    const next = await picon('drain', 'p1', '--lock-wait', '0', '--yes');
    expect(next.code).toBe(0);
    expect((await picon('ready', 'p1')).code).toBe(0);
  }, 60_000);
});
