import { checkReportDir, writeReportFiles } from '../../adapters/study/report-files.js';
import { LATENCY_SVG, REPORT_MD, RPS_SVG, studyReportFiles } from '../../core/study/study-report-files.js';
import type { StudyResult } from '../../core/study/study-result.js';
import type { CommandContext } from '../command.js';
import { UsageError } from '../exit-codes.js';

/** `picon study … --report DIR [--force]`: the directory checked before the study runs, the report written after it. */

export interface ReportFlag {
  readonly dir: string;
  readonly force: boolean;
}

/** Refuses (exit 2) a directory the report may not go to, before anything runs. */
export async function checkReportFlag(report: ReportFlag): Promise<void> {
  const checked = await checkReportDir(report.dir, report.force);
  if (!checked.ok) throw new UsageError(checked.reason);
}

/** Writes the report and says where (stderr); false, with one line naming the file, when it could not. */
export async function writeReportFlag(ctx: CommandContext, result: StudyResult, report: ReportFlag): Promise<boolean> {
  const written = await writeReportFiles(report.dir, studyReportFiles(result));
  if (!written.ok) {
    ctx.stderr.write(`picon: ${written.reason}\n`);
    return false;
  }
  if (!ctx.globals.json) ctx.stderr.write(`Report written: ${written.value.find((p) => p.endsWith(REPORT_MD))} (with ${RPS_SVG}, ${LATENCY_SVG})\n`);
  return true;
}
