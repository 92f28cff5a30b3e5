import { readdirSync, readFileSync } from 'node:fs';

/** Reading /proc: is a recorded pid still ours, is it frozen, what are its descendants. */

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  /** R, S, D, T (stopped), t, Z (zombie), X… */
  readonly state: string;
}

export function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses; the fields after the last ')' are plain.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0] ?? '?', ppid: Number(rest[1]) };
  } catch {
    return undefined;
  }
}

export function procCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

const isDead = (info: ProcInfo | undefined): boolean => info === undefined || info.state === 'Z' || info.state === 'X';

/**
 * True when pid is a live (or stopped) process whose command line mentions marker — so a pid
 * reused by some other program after the lab's process died is never taken for ours.
 */
export function isOurs(pid: number | null | undefined, marker: string): pid is number {
  if (pid === null || pid === undefined || pid <= 0) return false;
  if (isDead(procInfo(pid))) return false;
  return procCmdline(pid)?.includes(marker) ?? false;
}

export function isAlive(pid: number): boolean {
  return !isDead(procInfo(pid));
}

export function isStopped(pid: number): boolean {
  const state = procInfo(pid)?.state;
  return state === 'T' || state === 't';
}

/** Every live descendant of pid, parents before their children. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = procInfo(Number(entry));
    if (info === undefined || isDead(info)) continue;
    const list = children.get(info.ppid) ?? [];
    list.push(info.pid);
    children.set(info.ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every pid is dead (zombies count as dead); false on timeout. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pids.every((p) => !isAlive(p))) return true;
    if (Date.now() >= deadline) return false;
    await delay(25);
  }
}
