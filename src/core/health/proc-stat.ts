import { excerpt, toCount } from './parsed.js';
import { failure, type Result, success } from '../result.js';

/** Jiffies a CPU (or all of them) has spent, from one `cpu` line of /proc/stat. */
export interface CpuTimes {
  /** Sum of every column (guest time is already counted inside user/nice, so it is left out). */
  readonly total: number;
  /** idle + iowait: time the CPU had nothing to run. */
  readonly idle: number;
  readonly iowait: number;
}

export interface ProcStat {
  readonly all: CpuTimes;
  /** Online CPUs by number; an offline CPU has no line, so indices can have gaps. */
  readonly cores: ReadonlyMap<number, CpuTimes>;
  /** Processes and threads created since boot (the `processes` line). */
  readonly forks?: number;
}

// user nice system idle iowait irq softirq steal guest guest_nice; kernels before 2.6.33 print fewer.
const MIN_COLUMNS = 4;
const COUNTED_COLUMNS = 8;

function cpuTimes(columns: readonly string[]): CpuTimes | undefined {
  if (columns.length < MIN_COLUMNS) return undefined;
  const values: number[] = [];
  for (const column of columns.slice(0, COUNTED_COLUMNS)) {
    const n = toCount(column);
    if (n === undefined) return undefined;
    values.push(n);
  }
  const iowait = values[4] ?? 0;
  return { total: values.reduce((a, b) => a + b, 0), idle: (values[3] ?? 0) + iowait, iowait };
}

export function parseProcStat(text: string): Result<ProcStat> {
  let all: CpuTimes | undefined;
  const cores = new Map<number, CpuTimes>();
  let forks: number | undefined;
  for (const line of text.split('\n')) {
    const [key = '', ...columns] = line.trim().split(/\s+/);
    if (key === 'cpu') {
      all = cpuTimes(columns);
      if (all === undefined) return failure(`/proc/stat: bad cpu line ${excerpt(line)}`);
    } else if (/^cpu\d+$/.test(key)) {
      const times = cpuTimes(columns);
      // The last line of a truncated read may be cut short: stop at it rather than fail.
      if (times === undefined) break;
      cores.set(Number(key.slice(3)), times);
    } else if (key === 'processes') {
      forks = toCount(columns[0]);
    }
  }
  if (all === undefined) return failure(`/proc/stat: no "cpu" line in ${excerpt(text)}`);
  return success({ all, cores, ...(forks !== undefined && { forks }) });
}
