import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import { procInfo } from './process-info.js';

/**
 * A lock between picon processes on one file (Node has no flock): a lock file created with
 * O_EXCL that says who holds it — pid, the process's start time (so a reused pid is not taken
 * for the holder), host, what for and since when. A lock whose holder is gone is stale and is
 * broken: renamed aside first (one breaker wins the rename), checked to be the very lock judged
 * stale, then removed; a live lock renamed aside by mistake is linked back.
 */

export interface LockHolder {
  readonly pid: number;
  /** Clock ticks since boot (/proc/PID/stat), where /proc can be read. */
  readonly start?: number;
  readonly host: string;
  readonly what: string;
  /** ISO 8601. */
  readonly since: string;
}

// Not a Result: a failure names the lock's holder.
export type LockResult =
  | { readonly ok: true; readonly release: () => Promise<void> }
  | { readonly ok: false; readonly reason: string; readonly holder?: LockHolder };

/** A lock held on another host is taken as stale after this long (picon holds this lock for seconds at most). */
const FOREIGN_STALE_MS = 10 * 60_000;

function ownHolder(what: string): LockHolder {
  const start = procInfo(process.pid)?.start;
  return { pid: process.pid, ...(start !== undefined && { start }), host: os.hostname(), what, since: new Date().toISOString() };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.since !== 'string') return undefined;
    return { pid: v.pid, ...(typeof v.start === 'number' && { start: v.start }), host: v.host, what: String(v.what ?? '?'), since: v.since };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder is gone; an unreadable lock file (a holder killed while writing it) counts as stale once it is a few seconds old. */
export function isStale(holder: LockHolder | undefined, now: number, modifiedMs: number): boolean {
  if (holder === undefined) return now - modifiedMs > 5_000;
  if (holder.host !== os.hostname()) return now - Date.parse(holder.since) > FOREIGN_STALE_MS;
  if (holder.start !== undefined) {
    const info = procInfo(holder.pid);
    if (info !== undefined) return info.start !== holder.start || info.state === 'Z' || info.state === 'X';
  }
  return !alive(holder.pid);
}

export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} (${h.what}, since ${h.since.slice(11, 19)} UTC)`;
}

async function readLock(file: string): Promise<{ holder?: LockHolder; text: string; mtimeMs: number } | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const [text, info] = await Promise.all([handle.readFile('utf8'), handle.stat()]);
    const holder = parseHolder(text);
    return { ...(holder !== undefined && { holder }), text, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

async function tryCreate(file: string, holder: LockHolder): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(holder));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function breakStale(file: string, judged: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const text = await readFile(aside, 'utf8').catch(() => '');
  if (text !== judged) {
    // Someone broke it first and took a fresh lock, which this rename moved: put it back.
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLock(file: string, what: string, timeoutMs = 10_000): Promise<LockResult> {
  const holder = ownHolder(what);
  const mine = JSON.stringify(holder);
  const deadline = Date.now() + timeoutMs;
  let wait = 5;
  for (;;) {
    if (await tryCreate(file, holder)) {
      let released = false;
      return {
        ok: true,
        release: async () => {
          if (released) return;
          released = true;
          const now = await readFile(file, 'utf8').catch(() => undefined);
          if (now === mine) await unlink(file).catch(() => undefined);
        },
      };
    }
    const found = await readLock(file);
    if (found !== undefined && isStale(found.holder, Date.now(), found.mtimeMs)) {
      await breakStale(file, found.text);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = found?.holder !== undefined ? describeHolder(found.holder) : 'another picon';
      return { ok: false, reason: `${file} is locked by ${who}; waited ${Math.round(timeoutMs / 1000)} s`, ...(found?.holder !== undefined && { holder: found.holder }) };
    }
    await pause(wait);
    wait = Math.min(wait * 2, 100);
  }
}
