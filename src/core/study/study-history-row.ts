import type { StudyEntry } from './study-entry.js';

/** A study's line in `picon bench history`, in the columns of a run's line (run-summary.ts historyRow). */
export function studyHistoryRow(entry: StudyEntry): string[] {
  const s = entry.study;
  const flagged = s.cells.reduce((n, c) => n + c.runs.filter((r) => r.flagged).length, 0);
  const partial = s.partial ? `, partial (${s.roundsCompleted} of ${s.settings.rounds} rounds)` : '';
  return [
    entry.id,
    entry.startedAt.slice(0, 19).replace('T', ' '),
    'study',
    `${s.columns.length} targets × ${s.endpoints.length} endpoints`,
    s.settings.engine,
    `-c ${s.settings.concurrency}`,
    `${s.settings.rounds} rounds × ${s.settings.secondsPerCell} s${partial}`,
    `${entry.runs.length} runs`,
    '`picon study show`',
    flagged > 0 ? `⚠ ${flagged} flagged run${flagged === 1 ? '' : 's'}` : '',
  ];
}

/** Runs' rows and studies' rows, in the order they started. */
export function mergeByStart<T extends { readonly startedAt: string }, U extends { readonly startedAt: string }>(runs: readonly T[], studies: readonly U[]): (T | U)[] {
  return [...runs, ...studies].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}
