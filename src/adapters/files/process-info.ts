import { readFileSync } from 'node:fs';
import { parseProcessStat, type ProcInfo } from '../../core/util/process-stat.js';

/** This machine's process `pid` now, from /proc (undefined: gone, or no /proc). */
export function procInfo(pid: number): ProcInfo | undefined {
  try {
    return parseProcessStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}
