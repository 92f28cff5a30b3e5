import { randomBytes } from 'node:crypto';
import type { AuditIntent, AuditRecord, AuditResult, AuditState } from '../../core/actions/audit-record.js';
import type { ActionDeps } from './action-deps.js';
import { fileErrorWords } from '../files/file-error.js';
import { thisProcess } from './process-identity.js';

/**
 * A rollout's own lines in the audit journal (its drains, restarts and readies are journaled by
 * the action runner as every action is): the rollout as a whole (intent before its first change,
 * result at its end, or one dry-run or no-change line), and the runtime lines only a rollout
 * sends (health down, shutdown sessions), each an intent and a result.
 */

export interface RolloutJournalTarget {
  readonly title: string;
  readonly node: string;
  readonly servers: readonly string[];
  readonly service?: string;
}

export type Journaled = { readonly ok: true; readonly id?: string } | { readonly ok: false; readonly reason: string };

function base(deps: ActionDeps, target: RolloutJournalTarget) {
  return {
    time: new Date((deps.now ?? Date.now)()).toISOString(),
    profile: deps.profile.name,
    user: deps.user,
    action: 'rollout' as const,
    title: target.title,
    target: { node: target.node, servers: target.servers, ...(target.service !== undefined && { service: target.service }) },
  };
}

async function append(deps: ActionDeps, line: AuditIntent | AuditRecord): Promise<Journaled> {
  if (deps.audit === undefined) return { ok: true };
  try {
    await deps.audit.append(line);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `cannot record the rollout in ${deps.audit.file} (${fileErrorWords(error)})` };
  }
}

export async function journalIntent(deps: ActionDeps, target: RolloutJournalTarget, before: AuditState): Promise<Journaled> {
  const id = randomBytes(8).toString('hex');
  const written = await append(deps, { kind: 'intent', id, ...base(deps, target), process: deps.process ?? thisProcess(), before, dryRun: false });
  return written.ok ? { ok: true, id } : written;
}

export async function journalResult(deps: ActionDeps, target: RolloutJournalTarget, id: string | undefined, result: AuditResult, after: AuditState, reason?: string): Promise<Journaled> {
  const kind = id !== undefined ? 'result' : 'no-change';
  return append(deps, { kind, ...(id !== undefined && { id }), ...base(deps, target), before: {}, after, result, ...(reason !== undefined && { reason }), dryRun: false });
}

export async function journalDryRun(deps: ActionDeps, target: RolloutJournalTarget): Promise<Journaled> {
  return append(deps, { kind: 'dry-run', ...base(deps, target), before: {}, after: {}, result: 'ok', dryRun: true });
}
