import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { AuditProcess } from '../../core/actions/audit-record.js';
import { procInfo } from '../files/process-info.js';

/**
 * Which picon wrote an intent, and whether it is still running: pids come back, so a pid alone
 * would take some later process for the picon that was killed. Its start time (clock ticks since
 * boot, /proc/PID/stat) and the boot's id name one process for good.
 */

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function startOf(pid: number): string | undefined {
  const boot = bootId();
  const info = procInfo(pid);
  if (boot === undefined || info === undefined || !Number.isFinite(info.start)) return undefined;
  return `${boot}:${info.start}`;
}

let self: AuditProcess | undefined;

export function thisProcess(): AuditProcess {
  if (self === undefined) {
    const start = startOf(process.pid);
    self = { host: os.hostname(), pid: process.pid, ...(start !== undefined && { start }) };
  }
  return self;
}

/** Still running: on this machine, that pid, started at that time (without /proc: the pid is alive). */
export function isRunning(process_: AuditProcess): boolean {
  if (process_.host !== os.hostname()) return false;
  if (process_.start !== undefined) {
    const info = procInfo(process_.pid);
    return info !== undefined && info.state !== 'Z' && info.state !== 'X' && startOf(process_.pid) === process_.start;
  }
  try {
    process.kill(process_.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
