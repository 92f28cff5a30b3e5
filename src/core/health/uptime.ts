import { excerpt, parsed, toDecimal, unparsable, type Parsed } from './parsed.js';

/** /proc/uptime: `304.76 563.09` — seconds since boot, then idle seconds summed over CPUs. */
export function parseUptime(text: string): Parsed<number> {
  const match = /^(\S+) \S+\s*$/.exec(text);
  const seconds = toDecimal(match?.[1]);
  if (seconds === undefined) return unparsable(`/proc/uptime: expected "SECONDS IDLE", got ${excerpt(text)}`);
  return parsed(seconds);
}
