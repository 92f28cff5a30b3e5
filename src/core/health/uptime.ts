import { excerpt, toDecimal } from './parsed.js';
import { failure, type Result, success } from '../result.js';

/** /proc/uptime: `304.76 563.09` — seconds since boot, then idle seconds summed over CPUs. */
export function parseUptime(text: string): Result<number> {
  const match = /^(\S+) \S+\s*$/.exec(text);
  const seconds = toDecimal(match?.[1]);
  if (seconds === undefined) return failure(`/proc/uptime: expected "SECONDS IDLE", got ${excerpt(text)}`);
  return success(seconds);
}
