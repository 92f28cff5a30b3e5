import type { RunRecord } from './run-record.js';
import { failure, success, type Result } from '../result.js';

/**
 * `picon bench compare` arguments: `last`, `last~N` (N runs before the last), a run id, or the
 * start of one when only one run matches.
 */
export function resolveRunRef<T extends Pick<RunRecord, 'id'>>(ref: string, records: readonly T[]): Result<T> {
  const back = /^last(?:~(\d+))?$/.exec(ref);
  if (back !== null) {
    const steps = back[1] === undefined ? 0 : Number(back[1]);
    const record = records[records.length - 1 - steps];
    if (record === undefined) {
      return failure(`"${ref}": the history holds ${records.length} run${records.length === 1 ? '' : 's'}`);
    }
    return success(record);
  }
  const exact = records.find((r) => r.id === ref);
  if (exact !== undefined) return success(exact);
  const matches = records.filter((r) => r.id.startsWith(ref) || r.id.endsWith(ref));
  if (matches.length === 1 && matches[0] !== undefined) return success(matches[0]);
  if (matches.length > 1) return failure(`"${ref}" matches ${matches.length} runs (${matches.slice(0, 3).map((r) => r.id).join(', ')}…); give more of the id`);
  return failure(`no run "${ref}" in the history (see \`picon bench history\`)`);
}
