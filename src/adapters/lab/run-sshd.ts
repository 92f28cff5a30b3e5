import { createHash } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * As root, sshd needs its privilege-separation directory /run/sshd. The lab creates it only when
 * missing and marks it so; every user of it (a lab, a test's own sshd) leaves a marker of its own
 * there while it runs, and the last one out removes the directory — only if picon created it, no
 * other user's marker is left, and no sshd at all is running. Labs come and go in parallel (the
 * e2e test files), so the removal renames the directory away first and checks again there: a
 * user that arrived meanwhile finds it gone and makes it anew, or is seen and it is put back.
 */
const RUN_SSHD = '/run/sshd';
const CREATED = '.created-by-picon-lab';
const USER_PREFIX = '.picon-user-';

const userMarker = (user: string): string => `${USER_PREFIX}${createHash('sha256').update(user).digest('hex').slice(0, 16)}`;
const users = (names: readonly string[]): string[] => names.filter((n) => n.startsWith(USER_PREFIX));

/** Makes sure /run/sshd is there for `user` (a lab dir, a test's name); true when it created it. */
export async function ensureRunSshd(user: string, runSshd = RUN_SSHD): Promise<boolean> {
  let created = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await mkdir(runSshd, { mode: 0o755 });
      await writeFile(path.join(runSshd, CREATED), 'created by `picon lab up`; removed by the last user to go\n');
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      await writeFile(path.join(runSshd, userMarker(user)), `${user}\n`);
      return created;
    } catch (error) {
      // Removed by the last user just now: make it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`${runSshd} keeps disappearing`);
}

function sshdRunning(sshdPath: string): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) === sshdPath) return true;
    } catch {
      // Not ours to read, or gone.
    }
  }
  return false;
}

/** `user` is done with /run/sshd; returns true when that made it remove the directory. */
export async function releaseRunSshd(sshdPath: string, user: string, runSshd = RUN_SSHD): Promise<boolean> {
  await unlink(path.join(runSshd, userMarker(user))).catch(() => undefined);
  let names: string[];
  try {
    names = await readdir(runSshd);
  } catch {
    return false;
  }
  if (!names.includes(CREATED) || users(names).length > 0 || sshdRunning(sshdPath)) return false;
  const away = path.join(path.dirname(runSshd), `.${path.basename(runSshd)}-picon-removing-${process.pid}`);
  try {
    await rename(runSshd, away);
  } catch {
    return false;
  }
  if (users(await readdir(away)).length > 0 || sshdRunning(sshdPath)) {
    // Someone arrived between the look and the rename: give it back, unless they made a new one.
    await rename(away, runSshd).catch(() => rm(away, { recursive: true, force: true }));
    return false;
  }
  await rm(away, { recursive: true, force: true });
  return true;
}
