import { isIntent, type AuditIntent, type AuditLine, type AuditProcess, type AuditState, type AuditTarget } from '../actions/audit-record.js';

/**
 * One action as `picon audit` shows it: an intent and the result that closes it are one entry; a
 * dry run or an action that changed nothing is one line and one entry. An intent with no result is
 * `running` while its picon is (same host, pid and start), else `unfinished` (picon died between
 * the change and its record; the next `picon status` reports it and closes it as `interrupted`).
 */
export type AuditOutcome = 'ok' | 'failed' | 'refused' | 'declined' | 'interrupted' | 'dry-run' | 'running' | 'unfinished';

export interface AuditEntry {
  readonly id?: string;
  /** When it was asked for (the intent's time), ISO 8601 UTC. */
  readonly time: string;
  /** When it ended (the result's time), when it has. */
  readonly endedAt?: string;
  readonly profile: string;
  readonly user: string;
  readonly action: string;
  readonly title: string;
  readonly target: AuditTarget;
  readonly outcome: AuditOutcome;
  readonly reason?: string;
  readonly before: AuditState;
  readonly after?: AuditState;
  readonly process?: AuditProcess;
  readonly forced?: readonly string[];
}

function outcomeOf(kind: string | undefined, result: string): AuditOutcome {
  if (kind === 'dry-run') return 'dry-run';
  const known: readonly AuditOutcome[] = ['ok', 'failed', 'refused', 'declined', 'interrupted'];
  return (known as readonly string[]).includes(result) ? (result as AuditOutcome) : 'failed';
}

function fromIntent(intent: AuditIntent, running: boolean): AuditEntry {
  return {
    id: intent.id,
    time: intent.time,
    profile: intent.profile,
    user: intent.user,
    action: intent.action,
    title: intent.title,
    target: intent.target,
    outcome: running ? 'running' : 'unfinished',
    before: intent.before,
    process: intent.process,
    ...(intent.forced !== undefined && { forced: intent.forced }),
  };
}

/** The journal's lines as actions, oldest first: each intent paired with its result by id. */
export function auditEntries(lines: readonly AuditLine[], isRunning: (p: AuditProcess) => boolean): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const openAt = new Map<string, number>();
  for (const line of lines) {
    if (isIntent(line)) {
      openAt.set(line.id, entries.length);
      entries.push(fromIntent(line, isRunning(line.process)));
      continue;
    }
    const at = line.kind === 'result' && line.id !== undefined ? openAt.get(line.id) : undefined;
    const intent = at === undefined ? undefined : entries[at];
    const entry: AuditEntry = {
      ...(line.id !== undefined && { id: line.id }),
      time: intent?.time ?? line.time,
      ...(intent !== undefined && { endedAt: line.time }),
      profile: line.profile,
      user: line.user,
      action: line.action,
      title: line.title ?? `${line.action} ${line.target.node}`,
      target: line.target,
      outcome: outcomeOf(line.kind, line.result),
      ...(line.reason !== undefined && { reason: line.reason }),
      before: intent?.before ?? line.before,
      after: line.after,
      ...(intent?.process !== undefined && { process: intent.process }),
      ...((line.forced ?? intent?.forced) !== undefined && { forced: line.forced ?? intent?.forced }),
    };
    if (at !== undefined) {
      entries[at] = entry;
      openAt.delete(line.id as string);
    } else entries.push(entry);
  }
  return entries;
}

export interface AuditFilter {
  readonly since?: Date;
  readonly node?: string;
  readonly action?: string;
  readonly profile?: string;
  /** The newest N (after the other filters). */
  readonly limit?: number;
}

/** The entries a filter keeps, oldest first. */
export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const since = filter.since?.getTime();
  const kept = entries.filter(
    (e) =>
      (since === undefined || Date.parse(e.time) >= since) &&
      (filter.node === undefined || e.target.node === filter.node) &&
      (filter.action === undefined || e.action === filter.action) &&
      (filter.profile === undefined || e.profile === filter.profile),
  );
  return filter.limit === undefined ? kept : kept.slice(-filter.limit);
}
