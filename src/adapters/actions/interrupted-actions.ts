import { interruptedIntents } from '../../core/actions/audit-journal.js';
import { interruptedRecordFor, type AuditProcess } from '../../core/actions/audit-record.js';
import { describeInterrupted, type CurrentState, type InterruptedAction } from '../../core/actions/interrupted-action.js';
import { fileErrorWords } from '../files/file-error.js';
import { appendAudit, readAuditTail } from './audit-log.js';
import { isRunning, thisProcess } from './process-identity.js';

/**
 * Found by the next run: intents in the journal's tail that no result closes and whose picon is
 * gone. Each is described with what picon reads now, then closed with an `interrupted` result,
 * so it is reported once and the journal is whole again.
 */

export interface InterruptedFound {
  readonly actions: readonly InterruptedAction[];
  /** The journal could not be read, or a found action not closed (it will be reported again): one line each. */
  readonly warnings: readonly string[];
}

export interface FindOptions {
  /** Who is looking, in the closing record's reason ("picon status"). */
  readonly by: string;
  readonly now?: () => Date;
  readonly running?: (process: AuditProcess) => boolean;
}

export async function reportInterrupted(file: string, profile: string, current: CurrentState, options: FindOptions): Promise<InterruptedFound> {
  let lines;
  try {
    lines = (await readAuditTail(file)).records;
  } catch (error) {
    return { actions: [], warnings: [`could not read the audit log ${file} (${fileErrorWords(error)}) to look for interrupted actions`] };
  }
  const intents = interruptedIntents(lines, profile, options.running ?? isRunning);
  const now = (options.now ?? (() => new Date()))();
  const actions: InterruptedAction[] = [];
  const warnings: string[] = [];
  const self = thisProcess();
  for (const intent of intents) {
    const action = describeInterrupted(intent, current, now);
    actions.push(action);
    const reason = `picon (pid ${intent.process.pid} on ${intent.process.host}) ended before recording the result; found by ${options.by} (pid ${self.pid}) at ${now.toISOString()}`;
    try {
      await appendAudit(file, interruptedRecordFor(intent, { time: now, after: action.now, reason }));
    } catch (error) {
      warnings.push(`could not record in ${file} (${fileErrorWords(error)}) that ${intent.title} was interrupted; it will be reported again`);
    }
  }
  return { actions, warnings };
}
