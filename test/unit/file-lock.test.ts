import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/adapters/files/file-lock.js';

let dir: string;
let lock: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-lock-'));
  lock = path.join(dir, 'bench-history.jsonl.lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the history lock', () => {
  it('refuses a second holder after its timeout, naming the holder; free again once released', async () => {
    const first = await acquireLock(lock, 'saving run r1');
    if (!first.ok) throw new Error(first.reason);
    const second = await acquireLock(lock, 'saving run r2', 200);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.reason).toMatch(new RegExp(`^${lock} is locked by pid ${process.pid} on ${os.hostname()} \\(saving run r1, since \\d\\d:\\d\\d:\\d\\d UTC\\); waited 0 s$`));
    await first.release();
    const third = await acquireLock(lock, 'saving run r3', 200);
    expect(third.ok).toBe(true);
    if (third.ok) await third.release();
  });

  it('breaks a lock whose process is gone, and one whose pid now belongs to another process', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(lock, JSON.stringify({ pid: Number(gone.stdout), start: 1, host: os.hostname(), what: 'x', since: new Date().toISOString() }));
    const taken = await acquireLock(lock, 'after a dead one', 500);
    expect(taken.ok).toBe(true);
    if (taken.ok) await taken.release();
    await writeFile(lock, JSON.stringify({ pid: process.pid, start: 1, host: os.hostname(), what: 'x', since: new Date().toISOString() }));
    const reused = await acquireLock(lock, 'after a reused pid', 500);
    expect(reused.ok).toBe(true);
    if (reused.ok) {
      expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, what: 'after a reused pid' });
      await reused.release();
    }
  });

  it('waits for a lock from another host until it is 10 minutes old', async () => {
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', what: 'rotating', since: new Date().toISOString() }));
    expect((await acquireLock(lock, 'x', 150)).ok).toBe(false);
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', what: 'rotating', since: new Date(Date.now() - 11 * 60_000).toISOString() }));
    const old = await acquireLock(lock, 'x', 150);
    expect(old.ok).toBe(true);
    if (old.ok) await old.release();
  });
});
