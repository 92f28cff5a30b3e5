import { redactDeep } from '../redact/secrets.js';
import type { ActionReport } from './action-report.js';
import type { ActionKind } from './action-request.js';

/**
 * The audit log (audit.jsonl in the data dir) is a journal: before an action's first change an
 * `intent` line (who, what, which target, what was true before), after it a `result` line with the
 * same id (the whole record: before, after, how it ended). Dry runs, and actions refused or
 * declined before anything was sent, are one line. Lines without `kind` are from picon before the
 * journal: one whole record each, read as such.
 */

export interface AuditTarget {
  readonly node: string;
  /** "web/p1" for each HAProxy server acted on. */
  readonly servers: readonly string[];
  readonly service?: string;
  /** weight actions: the weight set on each server, in the order of `servers`. */
  readonly weights?: readonly number[];
}

export interface AuditState {
  readonly [target: string]: unknown;
}

/** The picon process that wrote an intent: with `start`, it names one process for good. */
export interface AuditProcess {
  readonly host: string;
  readonly pid: number;
  /** When the process started (boot id and start time); absent where it cannot be read. */
  readonly start?: string;
}

/** What a record is about: one action, or a whole rollout (and its own runtime lines: health down, shutdown sessions). */
export type AuditAction = ActionKind | 'rollout';

/** The result of an action as recorded: the report's, or `interrupted` (found by a later run). */
export type AuditResult = ActionReport['result'] | 'interrupted';

export interface AuditIntent {
  readonly kind: 'intent';
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly profile: string;
  readonly user: string;
  readonly process: AuditProcess;
  readonly action: AuditAction;
  /** "drain p1": the action in words. */
  readonly title: string;
  readonly target: AuditTarget;
  readonly before: AuditState;
  readonly dryRun: false;
  readonly forced?: readonly string[];
}

export interface AuditRecord {
  /** result: closes the intent with the same id; dry-run; no-change: refused or declined before acting. Absent: written before the journal. */
  readonly kind?: 'result' | 'dry-run' | 'no-change';
  readonly id?: string;
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly profile: string;
  readonly user: string;
  readonly action: AuditAction;
  readonly title?: string;
  readonly target: AuditTarget;
  /** Per server "backend/server" (or "service <name>"): status, weight, sessions (or active). */
  readonly before: AuditState;
  readonly after: AuditState;
  readonly result: AuditResult;
  readonly reason?: string;
  readonly dryRun: boolean;
  readonly forced?: readonly string[];
  readonly persisted?: { readonly ok: boolean; readonly config: string; readonly backup?: string };
}

export type AuditLine = AuditIntent | AuditRecord;

export interface AuditWho {
  readonly user: string;
  readonly time: Date;
}

function states(report: ActionReport, which: 'before' | 'after'): AuditState {
  const out: Record<string, unknown> = {};
  for (const s of report.servers) {
    const view = s[which];
    if (view !== null) out[`${view.backend}/${view.server}`] = { status: view.status, weight: view.weight, sessions: view.currentSessions };
  }
  if (report.service !== undefined) {
    const active = which === 'before' ? report.service.activeBefore : report.service.activeAfter;
    out[`service ${report.service.service}`] = { active };
  }
  return out;
}

function targetOf(report: ActionReport): AuditTarget {
  const weights = report.servers.map((s) => s.weight).filter((w): w is number => w !== undefined);
  return {
    node: report.node,
    servers: report.servers.map((s) => `${s.target.backend}/${s.target.server}`),
    ...(report.service !== undefined && { service: report.service.service }),
    ...(weights.length > 0 && { weights }),
  };
}

/** The whole record of a report: a result (with the intent's id), a dry run, or an action that changed nothing. */
export function auditRecordFor(report: ActionReport, who: AuditWho, intentId?: string): AuditRecord {
  const kind = intentId !== undefined ? 'result' : report.dryRun ? 'dry-run' : 'no-change';
  return {
    kind,
    ...(intentId !== undefined && { id: intentId }),
    time: who.time.toISOString(),
    profile: report.profile,
    user: who.user,
    action: report.action,
    title: report.title,
    target: targetOf(report),
    before: states(report, 'before'),
    after: states(report, 'after'),
    result: report.result,
    ...(report.reason !== undefined && { reason: report.reason }),
    dryRun: report.dryRun,
    ...(report.forced.length > 0 && { forced: report.forced }),
    ...(report.persist !== undefined && {
      persisted: { ok: report.persist.ok, config: report.persist.config, ...(report.persist.backup !== undefined && { backup: report.persist.backup }) },
    }),
  };
}

/** What is about to be done, from the planned report (what a dry run would print): before its first change. */
export function auditIntentFor(planned: ActionReport, who: AuditWho & { readonly id: string; readonly process: AuditProcess }): AuditIntent {
  return {
    kind: 'intent',
    id: who.id,
    time: who.time.toISOString(),
    profile: planned.profile,
    user: who.user,
    process: who.process,
    action: planned.action,
    title: planned.title,
    target: targetOf(planned),
    before: states(planned, 'before'),
    dryRun: false,
    ...(planned.forced.length > 0 && { forced: planned.forced }),
  };
}

/** Closes an intent no result was written for: picon was killed (or lost its disk) in between. */
export function interruptedRecordFor(intent: AuditIntent, found: { readonly time: Date; readonly after: AuditState; readonly reason: string }): AuditRecord {
  return {
    kind: 'result',
    id: intent.id,
    time: found.time.toISOString(),
    profile: intent.profile,
    user: intent.user,
    action: intent.action,
    title: intent.title,
    target: intent.target,
    before: intent.before,
    after: found.after,
    result: 'interrupted',
    reason: found.reason,
    dryRun: false,
    ...(intent.forced !== undefined && { forced: intent.forced }),
  };
}

export function isIntent(line: AuditLine): line is AuditIntent {
  return line.kind === 'intent';
}

/** One line, newline-terminated (JSON.stringify never emits a raw newline inside a value); credentials in any text redacted. */
export function formatAuditLine(record: AuditLine): string {
  return `${JSON.stringify(redactDeep(record))}\n`;
}
