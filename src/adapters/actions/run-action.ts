import { randomBytes } from 'node:crypto';
import type { ActionReport } from '../../core/actions/action-report.js';
import type { ResolvedActionStep, ResolvedStep } from '../../core/actions/plan-step.js';
import type { RunOutcome } from '../../core/loadtest/run-outcome.js';
import type { ResolvedAction } from '../../core/actions/resolve-action.js';
import { auditIntentFor, auditRecordFor, type AuditLine } from '../../core/actions/audit-record.js';
import { fileErrorWords } from '../files/file-error.js';
import type { ActionDeps, ActionJournal, ActionOptions, AuditLog, JournalWrite } from './action-deps.js';
import { thisProcess } from './process-identity.js';
import { runRestart } from './run-restart.js';
import { runServerAction } from './run-server-action.js';

/**
 * The one entry point for every action, used by the command line and the console alike: runs the
 * plan the catalog gives for it (src/core/actions/catalog.ts), already resolved against the
 * profile by the caller (src/core/actions/resolve-action.ts), step by step.
 */
export async function runAction(deps: ActionDeps, action: ResolvedAction, options: ActionOptions): Promise<ActionReport> {
  const reports = await runPlan(deps, action.steps, options);
  const last = reports[reports.length - 1];
  if (last === undefined || last.kind !== 'action') throw new Error(`the plan of ${action.request.kind} has no steps`);
  return last.report;
}

/** What one step of a plan came to: an action's report, or a load test's outcome. */
export type StepReport = { readonly kind: 'action'; readonly report: ActionReport } | { readonly kind: 'load-test'; readonly preset: string; readonly outcome: RunOutcome };

const stepOk = (r: StepReport): boolean => (r.kind === 'action' ? r.report.result === 'ok' : r.outcome.ok);

/**
 * Each step in order — drain (and wait), restart (and check), set weights, load tests — until one
 * is not ok: a report for each step that ran. A load test runs through `deps.loadTest`.
 */
export async function runPlan(deps: ActionDeps, plan: readonly ResolvedStep[], options: ActionOptions): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of plan) {
    const report: StepReport = step.kind === 'load-test' ? { kind: 'load-test', preset: step.preset, outcome: await loadTest(deps, step, options) } : { kind: 'action', report: await runStep(deps, step, options) };
    reports.push(report);
    if (!stepOk(report)) break;
  }
  return reports;
}

async function loadTest(deps: ActionDeps, step: Extract<ResolvedStep, { kind: 'load-test' }>, options: ActionOptions): Promise<RunOutcome> {
  if (options.dryRun) return { ok: false, reason: `load test ${step.preset}: not run (--dry-run)`, cancelled: false };
  if (deps.loadTest === undefined) return { ok: false, reason: `load test ${step.preset}: no load-test runner here`, cancelled: false };
  deps.progress?.(`load test ${step.preset}: ${step.plan.url}`);
  return deps.loadTest(step);
}

/**
 * One step (or its dry run), keeping the audit journal: an intent on disk before the first change
 * (or no change at all), the result after it.
 */
async function runStep(deps: ActionDeps, step: ResolvedActionStep, options: ActionOptions): Promise<ActionReport> {
  const log = deps.audit;
  const who = () => ({ user: deps.user, time: new Date((deps.now ?? Date.now)()) });
  let intentId: string | undefined;
  const journal: ActionJournal = {
    async intent(planned) {
      if (log === undefined) return { ok: true };
      const id = randomBytes(8).toString('hex');
      const written = await append(log, auditIntentFor(planned, { ...who(), id, process: deps.process ?? thisProcess() }));
      if (!written.ok) return { ok: false, reason: `cannot record the action in ${log.file} (${written.reason}); nothing was changed` };
      intentId = id;
      return { ok: true };
    },
  };
  const run = { ...deps, journal };
  const report = step.kind === 'restart-service' ? await runRestart(run, step, options) : await runServerAction(run, step, options);
  if (log === undefined || report.refusedBy === 'journal') return report;
  const written = await append(log, auditRecordFor(report, who(), intentId));
  if (written.ok) return report;
  const what = report.dryRun ? 'the dry run' : intentId !== undefined ? 'the result of the action' : 'the action';
  return { ...report, auditWarning: `could not record ${what} in ${log.file} (${written.reason})` };
}

async function append(log: AuditLog, line: AuditLine): Promise<JournalWrite> {
  try {
    await log.append(line);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: fileErrorWords(error) };
  }
}
