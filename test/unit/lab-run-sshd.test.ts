import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureRunSshd, releaseRunSshd } from '../../src/adapters/lab/run-sshd.js';

/**
 * /run/sshd's bookkeeping, on a directory of the test's own: picon makes it only when missing,
 * each user (a lab) marks it while it runs, and the last one out removes it, never another's.
 * No process runs the fake sshd path, so "no sshd running" holds.
 */

const NO_SSHD = '/nonexistent/sshd';
let base = '';
afterEach(() => rmSync(base, { recursive: true, force: true }));
const fresh = (): string => {
  base = mkdtempSync(path.join(os.tmpdir(), 'picon-run-sshd-'));
  return path.join(base, 'sshd');
};

describe('/run/sshd for parallel labs', () => {
  it('the first lab makes it, the last one out removes it, and nothing is left beside it', async () => {
    const dir = fresh();
    expect(await ensureRunSshd('/tmp/lab-a', dir)).toBe(true);
    expect(await ensureRunSshd('/tmp/lab-b', dir)).toBe(false);
    expect(await releaseRunSshd(NO_SSHD, '/tmp/lab-a', dir)).toBe(false);
    expect(existsSync(dir)).toBe(true);
    expect(await releaseRunSshd(NO_SSHD, '/tmp/lab-b', dir)).toBe(true);
    expect(readdirSync(base)).toEqual([]);
  });

  it('a directory picon did not make is never removed', async () => {
    const dir = fresh();
    mkdirSync(dir);
    expect(await ensureRunSshd('/tmp/lab-a', dir)).toBe(false);
    expect(await releaseRunSshd(NO_SSHD, '/tmp/lab-a', dir)).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  it('while an sshd runs it stays (this test runs node, so "node" stands in for sshd)', async () => {
    const dir = fresh();
    await ensureRunSshd('/tmp/lab-a', dir);
    expect(await releaseRunSshd(process.execPath, '/tmp/lab-a', dir)).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  it('many labs coming and going at once: whoever is still up always finds it there', async () => {
    const dir = fresh();
    const labs = Array.from({ length: 12 }, (_, i) => `/tmp/lab-${i}`);
    for (let round = 0; round < 20; round++) {
      const half = labs.slice(0, 6);
      await Promise.all(half.map((l) => ensureRunSshd(l, dir)));
      // The other half comes up while the first half goes down.
      await Promise.all([...labs.slice(6).map((l) => ensureRunSshd(l, dir)), ...half.map((l) => releaseRunSshd(NO_SSHD, l, dir))]);
      expect(existsSync(dir)).toBe(true);
      await Promise.all(labs.slice(6).map((l) => releaseRunSshd(NO_SSHD, l, dir)));
      expect(existsSync(dir)).toBe(false);
    }
    expect(readdirSync(base)).toEqual([]);
  });
});
