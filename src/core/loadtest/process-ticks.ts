import { excerpt, toCount } from '../health/parsed.js';
import { failure, success, type Result } from '../result.js';

/**
 * CPU a process has used, from its /proc/PID/stat line(s): `pid (comm) state ppid …` with utime
 * and stime (fields 14 and 15, clock ticks). comm may hold spaces and parentheses, so fields are
 * counted after the last ')'. Several lines (a process and its children): ticks by pid.
 */
export function parseProcessTicks(text: string): Result<ReadonlyMap<number, number>> {
  const ticks = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const pid = toCount(/^(\d+) \(/.exec(line)?.[1]);
    const close = line.lastIndexOf(')');
    const fields = close < 0 ? [] : line.slice(close + 1).trim().split(/\s+/);
    // After ')': state is field 3, so utime (14) and stime (15) are at 11 and 12.
    const utime = toCount(fields[11]);
    const stime = toCount(fields[12]);
    if (pid === undefined || utime === undefined || stime === undefined) return failure(`/proc/PID/stat: expected "pid (comm) state …", got ${excerpt(line)}`);
    ticks.set(pid, utime + stime);
  }
  if (ticks.size === 0) return failure('/proc/PID/stat: empty');
  return success(ticks);
}
