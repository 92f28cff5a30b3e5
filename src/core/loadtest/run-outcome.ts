import type { RunRecord } from './run-record.js';

/**
 * How a load test ended: its record (saveError: the run's result stands, but its record was not
 * saved, in a few words), or why there is none. More than a Result: a run that ended has a
 * record even when saving it failed, and a failure says whether it was a cancel.
 */
export type RunOutcome =
  | { readonly ok: true; readonly record: RunRecord; readonly saveError?: string }
  | { readonly ok: false; readonly reason: string; readonly cancelled: boolean };
