import { historyFile, readHistory, scanAllHistory } from '../../adapters/loadtest/history-store.js';
import type { RunRecord } from '../../core/loadtest/run-record.js';
import type { StudyEntry } from '../../core/study/study-entry.js';
import type { LineProblem } from '../../core/line-problem.js';
import type { CommandContext } from '../command.js';

/** Reading the run history for `picon bench history` and `compare`: a broken line is said and skipped. */

const skipped = (ctx: CommandContext) => (where: string, b: LineProblem): void => {
  ctx.stderr.write(`picon: skipped line ${b.line} of ${where}: ${b.reason}\n`);
};

/** The live history: its newest runs. */
export async function liveRecords(ctx: CommandContext): Promise<readonly RunRecord[]> {
  return (await liveEntries(ctx)).records;
}

/** The live history's runs and studies (`picon study`). */
export async function liveEntries(ctx: CommandContext): Promise<{ readonly records: readonly RunRecord[]; readonly studies: readonly StudyEntry[] }> {
  const file = historyFile(ctx.env);
  const history = await readHistory(file);
  const from = history.unreadBytes > 0 ? ` (counted from byte ${history.unreadBytes})` : '';
  for (const b of history.broken) skipped(ctx)(`${file}${from}`, b);
  if (history.unreadBytes > 0) {
    const mib = (history.unreadBytes / 1024 / 1024).toFixed(0);
    ctx.stderr.write(`picon: ${file} has ${mib} MiB of older runs before these; \`picon bench history --all\` reads them (the next saved run archives them)\n`);
  }
  return history;
}

/** `--all`: every run, archives first, streamed; each run is turned into `keep(run)` as it is read, so a long history is never held whole. */
export async function allRuns<T>(ctx: CommandContext, keep: (record: RunRecord) => T | undefined, keepStudy?: (entry: StudyEntry) => T): Promise<T[]> {
  const kept: T[] = [];
  await scanAllHistory(historyFile(ctx.env), {
    onRecord: (r) => {
      const k = keep(r);
      if (k !== undefined) kept.push(k);
    },
    ...(keepStudy !== undefined && { onStudy: (e: StudyEntry) => kept.push(keepStudy(e)) }),
    onBroken: skipped(ctx),
  });
  return kept;
}

