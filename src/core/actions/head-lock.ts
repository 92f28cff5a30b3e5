import path from 'node:path';
import { shellQuote, type RemoteCommand } from '../remote/shell-quote.js';

/**
 * The one lock on the head for everything that changes HAProxy (state, weight, persist, its
 * restart): a `flock` held by a remote shell for as long as its picon keeps the channel's stdin
 * open. Inside the lock the holder writes who it is beside the lock file, so a picon that waits
 * in vain can say who holds it. Pure: the script, the record and the messages.
 */

export interface LockHolder {
  readonly user: string;
  /** The machine picon runs on. */
  readonly host: string;
  readonly pid: number;
  /** The action, in words: "drain p1". */
  readonly what: string;
  /** ISO 8601 UTC. */
  readonly since: string;
}

export const LOCK_HELD_MARKER = 'PICON-HEAD-LOCK-HELD';
export const LOCK_BUSY_MARKER = 'PICON-HEAD-LOCK-BUSY';
/** flock's exit code when -w runs out (-E). */
export const LOCK_BUSY_EXIT = 75;
const SHARED_LOCK_DIR = '/run/lock';

export interface LockFiles {
  /** Beside the first admin socket: per cluster, so two HAProxy heads on one machine never share one. */
  readonly primary: string;
  /** Where the socket's directory is not writable for the login user. */
  readonly fallback: string;
}

/** FNV-1a, 32 bits: a short stable suffix, so two socket paths never map to one fallback name. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function lockFilesFor(socketPath: string): LockFiles {
  const readable = socketPath.replace(/[^A-Za-z0-9.]+/g, '_').replace(/^_+|_+$/g, '').slice(-60);
  return {
    primary: path.posix.join(path.posix.dirname(socketPath), 'picon-haproxy.lock'),
    fallback: `${SHARED_LOCK_DIR}/picon-haproxy-${readable}-${shortHash(socketPath)}.lock`,
  };
}

export function formatHolder(holder: LockHolder): string {
  return JSON.stringify({ user: holder.user, host: holder.host, pid: holder.pid, what: holder.what, since: holder.since });
}

const printable = (value: string): string => value.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 120);

/** The record from the lock file; null when there is none or it is not one picon wrote. */
export function parseHolder(text: string): LockHolder | null {
  const line = text.split('\n').find((l) => l.trim().startsWith('{'));
  if (line === undefined) return null;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const r = data as Record<string, unknown>;
  const { user, host, pid, what, since } = r;
  if (typeof user !== 'string' || typeof host !== 'string' || typeof what !== 'string' || typeof since !== 'string') return null;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  if (Number.isNaN(Date.parse(since))) return null;
  return { user: printable(user), host: printable(host), pid, what: printable(what), since: new Date(since).toISOString() };
}

/**
 * `flock -w` on the lock file in the socket's directory (else /run/lock, else through `sudo -n`);
 * inside, the holder's record goes to `LOCKFILE.holder-UID` (each login user writes only a file
 * of its own: several operator accounts share one lock file they did not all create, and Debian's
 * protected_regular forbids opening another user's file with O_CREAT in /run/lock) and the held
 * marker is printed, then `cat` keeps the lock until stdin ends. On timeout (exit 75) the busy
 * marker and the newest record — the holder's, written when it took the lock — are printed.
 */
export function lockScript(files: LockFiles, holder: LockHolder, waitSeconds: number): RemoteCommand {
  const seconds = Math.max(0, Math.ceil(waitSeconds));
  const take = [
    'umask 022; f=$1',
    '[ -e "$f" ] || : >>"$f"',
    'exec 9<"$f"',
    `flock -E ${LOCK_BUSY_EXIT} -w ${seconds} 9 || exit $?`,
    `printf '%s\\n' "$2" >"$f.holder-$(id -u)" || exit 1`,
    `echo ${LOCK_HELD_MARKER} "$f"`,
    'exec cat >/dev/null',
  ].join('\n');
  const newest = 'cat -- "$(ls -t -- "$1".holder-* | head -n 1)"';
  const text = [
    `d=${shellQuote(path.posix.dirname(files.primary))}; f=${shellQuote(files.primary)}; s=`,
    `if [ ! -w "$d" ]; then if [ -w ${SHARED_LOCK_DIR} ]; then f=${shellQuote(files.fallback)}; else s='sudo -n'; fi; fi`,
    `$s sh -c ${shellQuote(take)} picon-lock "$f" ${shellQuote(formatHolder(holder))}`,
    'r=$?',
    `if [ "$r" = ${LOCK_BUSY_EXIT} ]; then echo ${LOCK_BUSY_MARKER} "$f"; $s sh -c ${shellQuote(newest)} picon-lock "$f" 2>/dev/null; fi`,
    'exit "$r"',
  ].join('\n');
  return { text };
}

/** The lock file named by the held marker, once it has been printed. */
export function heldLockFile(stdout: string): string | undefined {
  const m = new RegExp(`^${LOCK_HELD_MARKER} (.*)$`, 'm').exec(stdout);
  return m?.[1];
}

export type LockFailure = { readonly busy: true; readonly reason: string; readonly hint: string } | { readonly busy: false; readonly reason: string };

/** "12:03:04Z" today, "2026-01-04 12:03:04Z" another day. */
function sinceText(since: string, nowMs: number): string {
  const iso = new Date(since).toISOString();
  const day = iso.slice(0, 10);
  const time = `${iso.slice(11, 19)}Z`;
  return day === new Date(nowMs).toISOString().slice(0, 10) ? time : `${day} ${time}`;
}

export function lockBusyMessage(head: string, holder: LockHolder | null, file: string, waitSeconds: number, nowMs: number): LockFailure {
  const who = holder === null
    ? `another picon (no holder record beside ${file})`
    : `${holder.user}@${holder.host} (pid ${holder.pid}, ${holder.what}) since ${sinceText(holder.since, nowMs)}`;
  return {
    busy: true,
    reason: `refused: HAProxy on ${head} is locked by ${who}; waited ${waitSeconds} s`,
    hint: 'try again or wait (--lock-wait SECONDS waits longer)',
  };
}

/** Why the lock script ended without the lock. */
export function lockFailure(head: string, result: { code: number | null; stdout: string; stderr: string }, waitSeconds: number, nowMs: number): LockFailure {
  const busy = new RegExp(`^${LOCK_BUSY_MARKER} (.*)$`, 'm').exec(result.stdout);
  if (result.code === LOCK_BUSY_EXIT && busy !== null) {
    const file = busy[1] ?? '';
    return lockBusyMessage(head, parseHolder(result.stdout.slice(busy.index + busy[0].length)), file, waitSeconds, nowMs);
  }
  const said = result.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(-2).join(' | ');
  if (result.code === 127) return { busy: false, reason: `cannot lock HAProxy on ${head}: flock is not installed there (util-linux): ${said}` };
  if (/sudo/.test(said)) return { busy: false, reason: `cannot lock HAProxy on ${head}: neither the socket's directory nor /run/lock is writable, and sudo -n refused: ${said}` };
  const ended = result.code === null ? 'was ended by a signal' : `exited ${result.code}`;
  return { busy: false, reason: `cannot lock HAProxy on ${head}: the lock command ${ended}${said !== '' ? `: ${said}` : ''}` };
}
