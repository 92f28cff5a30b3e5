import { excerpt, toCount } from './parsed.js';
import { failure, type Result, success } from '../result.js';

export interface Memory {
  readonly totalBytes: number;
  /** What can be allocated without swapping (MemAvailable). */
  readonly availableBytes: number;
  /** totalBytes − availableBytes. */
  readonly usedBytes: number;
  /** True when the kernel has no MemAvailable (before 3.14) and it was estimated as free + buffers + cached. */
  readonly estimated: boolean;
}

/** /proc/meminfo: `MemTotal:       24683656 kB` lines. */
export function parseMeminfo(text: string): Result<Memory> {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?: kB)?\s*$/.exec(line);
    const value = toCount(match?.[2]);
    if (match?.[1] !== undefined && value !== undefined) kib.set(match[1], value);
  }
  const total = kib.get('MemTotal');
  if (total === undefined || total === 0) return failure(`/proc/meminfo: no MemTotal in ${excerpt(text)}`);
  let available = kib.get('MemAvailable');
  const estimated = available === undefined;
  if (available === undefined) {
    const free = kib.get('MemFree');
    if (free === undefined) return failure('/proc/meminfo: neither MemAvailable nor MemFree');
    available = free + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  }
  available = Math.min(available, total);
  return success({
    totalBytes: total * 1024,
    availableBytes: available * 1024,
    usedBytes: (total - available) * 1024,
    estimated,
  });
}
