import type { RemoteCommand } from '../remote/shell-quote.js';
import { excerpt } from './parsed.js';
import { failure, type Result, success } from '../result.js';

/**
 * Several commands in one remote shell (one channel instead of one per command). Each
 * command runs in its own subshell (an `exit` in one ends only that one) and its exit status
 * follows its output after a marker line, so one failing command does not hide the others.
 */

export interface BatchResult {
  /** null when the command did not finish (the batch was cut short). */
  readonly code: number | null;
  /** What it printed on stdout and stderr, trimmed. */
  readonly output: string;
}

const MARKER = 'picon-exit-status:';

export function commandBatch(commands: readonly RemoteCommand[]): RemoteCommand {
  if (commands.length === 0) throw new Error('empty command batch');
  const parts = commands.map((c) => `( ${c.text} ) </dev/null 2>&1; printf '\\n${MARKER}%s\\n' "$?"`);
  return { text: parts.join('; ') };
}

/** One result per command, in order; commands after a cut are `code: null`. */
export function parseBatch(stdout: string, count: number): Result<readonly BatchResult[]> {
  const results: BatchResult[] = [];
  let start = 0;
  for (const match of stdout.matchAll(new RegExp(`\\n${MARKER}(\\d{1,3})\\n`, 'g'))) {
    if (results.length === count) return failure(`command batch: more results than the ${count} commands in ${excerpt(stdout)}`);
    results.push({ code: Number(match[1]), output: stdout.slice(start, match.index).trim() });
    start = match.index + match[0].length;
  }
  while (results.length < count) results.push({ code: null, output: '' });
  return success(results);
}
