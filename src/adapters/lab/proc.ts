import { readdirSync, readFileSync } from 'node:fs';
import type { ProcInfo } from '../../core/util/process-stat.js';
import { procInfo } from '../files/process-info.js';

/** Reading /proc: is a recorded pid still ours, is it frozen, what are its descendants. */

/**
 * One process, not just a pid: pids come back soon (this machine's pid_max is 32768, and a test
 * run starts thousands of processes), so a signal meant for a process that has since exited
 * must not reach whatever got its pid.
 */
export interface ProcessRef {
  readonly pid: number;
  readonly start: number;
}

/** The live process that has this pid now. */
export function processRef(pid: number): ProcessRef | undefined {
  const info = procInfo(pid);
  return info === undefined || isDead(info) ? undefined : { pid, start: info.start };
}

/** Still that very process, alive (or stopped). */
export function isSame(ref: ProcessRef): boolean {
  const info = procInfo(ref.pid);
  return info !== undefined && !isDead(info) && info.start === ref.start;
}

/** Signals the process only if it is still that one; false when it is gone (or the pid is another's now). */
export function signalRef(ref: ProcessRef, sig: NodeJS.Signals): boolean {
  return isSame(ref) && signal(ref.pid, sig);
}

export function isStoppedRef(ref: ProcessRef): boolean {
  const info = procInfo(ref.pid);
  return info !== undefined && info.start === ref.start && (info.state === 'T' || info.state === 't');
}

export async function waitGoneRefs(refs: readonly ProcessRef[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!refs.some(isSame)) return true;
    if (Date.now() >= deadline) return false;
    await delay(25);
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

/**
 * isOurs, allowing for a process that is re-executing itself (HAProxy's master on reload): its
 * command line reads empty for tens of milliseconds then. Waits only in that case.
 */
export async function isOursAcrossExec(pid: number | null | undefined, marker: string, timeoutMs = 2000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isOurs(pid, marker)) return true;
    if (pid === null || pid === undefined || pid <= 0 || isDead(procInfo(pid)) || (procCmdline(pid) ?? '') !== '') return false;
    if (Date.now() >= deadline) return false;
    await delay(25);
  }
}

export function isAlive(pid: number): boolean {
  return !isDead(procInfo(pid));
}

export function isStopped(pid: number): boolean {
  const state = procInfo(pid)?.state;
  return state === 'T' || state === 't';
}

/** Every live descendant of pid, parents before their children, each as the process it is now. */
export function descendantRefs(pid: number): ProcessRef[] {
  const children = new Map<number, ProcessRef[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = procInfo(Number(entry));
    if (info === undefined || isDead(info)) continue;
    const list = children.get(info.ppid) ?? [];
    list.push({ pid: info.pid, start: info.start });
    children.set(info.ppid, list);
  }
  const out: ProcessRef[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as ProcessRef;
    out.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return out;
}

/** Every live descendant's pid, parents first. */
export function descendants(pid: number): number[] {
  return descendantRefs(pid).map((r) => r.pid);
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
