import type { ActionReport } from '../../core/actions/action-report.js';
import type { ActionRequest } from '../../core/actions/action-request.js';
import { auditRecordFor } from '../../core/actions/audit-record.js';
import type { ActionDeps, ActionOptions } from './action-deps.js';
import { runRestart } from './run-restart.js';
import { runServerAction } from './run-server-action.js';

/**
 * The one entry point for every action, used by the command line and the console alike: runs it
 * (or its dry run) and appends the audit record.
 */
export async function runAction(deps: ActionDeps, request: ActionRequest, options: ActionOptions): Promise<ActionReport> {
  const report = request.kind === 'restart' ? await runRestart(deps, request, options) : await runServerAction(deps, request, options);
  if (deps.audit !== undefined) {
    await deps.audit(auditRecordFor(report, { user: deps.user, time: new Date((deps.now ?? Date.now)()) }));
  }
  return report;
}
