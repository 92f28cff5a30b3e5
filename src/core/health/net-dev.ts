import { excerpt, toCount } from './parsed.js';
import { failure, type Result, success } from '../result.js';

export interface InterfaceCounters {
  readonly name: string;
  readonly rxBytes: number;
  readonly txBytes: number;
}

/**
 * /proc/net/dev: two header lines, then `  eth0: 193755312 6514 0 …` — 8 receive columns
 * (bytes first) and 8 transmit columns (bytes first). The header names the columns, but it
 * has been the same since Linux 2.2, so the positions are fixed by the kernel, not guessed.
 */
export function parseNetDev(text: string): Result<readonly InterfaceCounters[]> {
  const lines = text.split('\n');
  if (!/\|\s*Receive\s*\|\s*Transmit/.test(lines[0] ?? '') || !/\|bytes\s.*\|bytes\s/.test(lines[1] ?? '')) {
    return failure(`/proc/net/dev: unexpected header ${excerpt(lines[0] ?? '')}`);
  }
  const interfaces: InterfaceCounters[] = [];
  for (const line of lines.slice(2)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const columns = line.slice(colon + 1).trim().split(/\s+/);
    const rxBytes = toCount(columns[0]);
    const txBytes = toCount(columns[8]);
    // A read cut short leaves a partial last line: keep what was complete.
    if (colon < 0 || rxBytes === undefined || txBytes === undefined || columns.length < 16) break;
    interfaces.push({ name: line.slice(0, colon).trim(), rxBytes, txBytes });
  }
  return success(interfaces);
}
