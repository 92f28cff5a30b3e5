/** A local process as /proc/PID/stat describes it: enough to tell that a pid is still the same process. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  /** R, S, D, T (stopped), t, Z (zombie), X… */
  readonly state: string;
  /** When it started, in clock ticks since boot: with the pid, it names one process for good. */
  readonly start: number;
}

/** /proc/PID/stat's one line; comm may hold spaces and parentheses, so fields are counted after the last ')'. */
export function parseProcessStat(pid: number, stat: string): ProcInfo {
  // After ')': state is field 3, ppid 4, starttime 22.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: rest[0] ?? '?', ppid: Number(rest[1]), start: Number(rest[19]) };
}
