import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHolder, lockBusyMessage, lockFailure, lockFilesFor, lockScript, parseHolder, type LockHolder } from '../../src/core/actions/head-lock.js';

const holder: LockHolder = { user: 'alice', host: 'laptop', pid: 4242, what: 'drain p1', since: '2026-01-05T12:03:04.123Z' };
const NOON = Date.parse('2026-01-05T12:05:00Z');

describe('the holder record', () => {
  it.each([
    ['what picon writes', formatHolder(holder), holder],
    ['after other output', `PICON-HEAD-LOCK-BUSY /x\n${formatHolder(holder)}\n`, holder],
    ['empty file', '', null],
    ['not JSON', '{user: alice}', null],
    ['a JSON array', '[1,2]', null],
    ['pid missing', JSON.stringify({ ...holder, pid: undefined }), null],
    ['pid not a whole number', JSON.stringify({ ...holder, pid: 1.5 }), null],
    ['pid 0', JSON.stringify({ ...holder, pid: 0 }), null],
    ['since not a date', JSON.stringify({ ...holder, since: 'yesterday' }), null],
    ['user not a string', JSON.stringify({ ...holder, user: 7 }), null],
    ['control characters shown as ?', JSON.stringify({ ...holder, what: 'drain p1\u001b[2J\r\n' }), { ...holder, what: 'drain p1?[2J??' }],
  ])('%s', (_name, text, expected) => {
    expect(parseHolder(text)).toEqual(expected);
  });
});

describe('where the lock lives', () => {
  it('beside the first admin socket, and in /run/lock under a name only that socket path gives', () => {
    expect(lockFilesFor('/run/haproxy/admin.sock')).toEqual({
      primary: '/run/haproxy/picon-haproxy.lock',
      fallback: expect.stringMatching(/^\/run\/lock\/picon-haproxy-run_haproxy_admin\.sock-[0-9a-f]{8}\.lock$/),
    });
    const a = lockFilesFor('/srv/lab-a/head/admin.sock').fallback;
    const b = lockFilesFor('/srv/lab_a/head/admin.sock').fallback;
    expect(a).not.toBe(b);
    expect(lockFilesFor(`/${'x'.repeat(300)}/admin.sock`).fallback.length).toBeLessThan(100);
  });
});

describe('the refusal', () => {
  it.each([
    ['held today: the time', holder, 'refused: HAProxy on head is locked by alice@laptop (pid 4242, drain p1) since 12:03:04Z; waited 10 s'],
    ['held since another day: the date too', { ...holder, since: '2026-01-04T23:59:59Z' }, 'refused: HAProxy on head is locked by alice@laptop (pid 4242, drain p1) since 2026-01-04 23:59:59Z; waited 10 s'],
    ['no record', null, 'refused: HAProxy on head is locked by another picon (no holder record beside /run/lock/x.lock); waited 10 s'],
  ] as const)('%s', (_name, who, reason) => {
    expect(lockBusyMessage('head', who, '/run/lock/x.lock', 10, NOON)).toEqual({ busy: true, reason, hint: 'try again or wait (--lock-wait SECONDS waits longer)' });
  });

  it.each([
    ['flock timed out', { code: 75, stdout: `PICON-HEAD-LOCK-BUSY /run/x.lock\n${formatHolder(holder)}\n`, stderr: '' }, /locked by alice@laptop \(pid 4242, drain p1\) since 12:03:04Z/],
    ['no flock on the head', { code: 127, stdout: '', stderr: 'sh: 3: flock: not found\n' }, /^cannot lock HAProxy on head: flock is not installed there \(util-linux\): sh: 3: flock: not found$/],
    ['sudo refused', { code: 1, stdout: '', stderr: 'sudo: a password is required\n' }, /neither the socket's directory nor \/run\/lock is writable, and sudo -n refused: sudo: a password is required/],
    ['the record could not be written', { code: 1, stdout: '', stderr: 'sh: 1: cannot create /run/haproxy/picon-haproxy.lock: Permission denied\n' }, /the lock command exited 1: sh: 1: cannot create/],
    ['exit 75 from something else', { code: 75, stdout: '', stderr: '' }, /the lock command exited 75$/],
  ])('%s', (_name, result, reason) => {
    expect(lockFailure('head', result, 10, NOON).reason).toMatch(reason);
  });
});

/** The script run by a real sh with a real flock, as the head would. */
function runScript(text: string, holdMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', text], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    setTimeout(() => child.stdin.end(), holdMs);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the lock script under sh and flock', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = lockFilesFor(path.join(dir, 'admin.sock'));
  const recordFile = `${files.primary}.holder-${process.getuid?.() ?? 0}`;
  const hostile: LockHolder = { ...holder, user: "o'brien", host: '$(touch pwned)`id`', what: 'weight p1 3; rm -rf /' };

  it('holds until stdin ends; a second one waits, then is refused with the first one\'s record, quoted words and all', async () => {
    const first = runScript(lockScript(files, hostile, 5).text, 2500);
    await new Promise((r) => setTimeout(r, 300));
    const second = await runScript(lockScript(files, { ...holder, pid: 7 }, 1).text, 0);
    expect(second.code).toBe(75);
    const failure = lockFailure('head', second, 1, Date.parse(hostile.since));
    expect(failure.reason).toBe("refused: HAProxy on head is locked by o'brien@$(touch pwned)`id` (pid 4242, weight p1 3; rm -rf /) since 12:03:04Z; waited 1 s");
    const held = await first;
    expect(held.code).toBe(0);
    expect(held.stdout).toBe(`PICON-HEAD-LOCK-HELD ${files.primary}\n`);
    expect(parseHolder(readFileSync(recordFile, 'utf8'))).toEqual(hostile);
    expect(() => readFileSync(path.join(process.cwd(), 'pwned'))).toThrow();
  });

  it('once the holder has let go, the next one gets it at once and writes its own record', async () => {
    const started = Date.now();
    const next = await runScript(lockScript(files, { ...holder, pid: 99 }, 5).text, 0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(next.stdout).toContain('PICON-HEAD-LOCK-HELD');
    expect(parseHolder(readFileSync(recordFile, 'utf8'))?.pid).toBe(99);
  });
});
