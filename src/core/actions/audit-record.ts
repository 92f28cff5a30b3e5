import { redactDeep } from '../redact/secrets.js';
import type { ActionReport } from './action-report.js';
import type { ActionKind } from './action-request.js';

/**
 * One line of the audit log (audit.jsonl in the data dir) per action or dry run: who did what to
 * which target, what was true before and after, and how it ended.
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

export interface AuditRecord {
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly profile: string;
  readonly user: string;
  readonly action: ActionKind;
  readonly target: AuditTarget;
  /** Per server "backend/server" (or "service <name>"): status, weight, sessions (or active). */
  readonly before: AuditState;
  readonly after: AuditState;
  readonly result: ActionReport['result'];
  readonly reason?: string;
  readonly dryRun: boolean;
  readonly forced?: readonly string[];
  readonly persisted?: { readonly ok: boolean; readonly config: string; readonly backup?: string };
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

export function auditRecordFor(report: ActionReport, who: { readonly user: string; readonly time: Date }): AuditRecord {
  const weights = report.servers.map((s) => s.weight).filter((w): w is number => w !== undefined);
  return {
    time: who.time.toISOString(),
    profile: report.profile,
    user: who.user,
    action: report.action,
    target: {
      node: report.node,
      servers: report.servers.map((s) => `${s.target.backend}/${s.target.server}`),
      ...(report.service !== undefined && { service: report.service.service }),
      ...(weights.length > 0 && { weights }),
    },
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

/** One line, newline-terminated (JSON.stringify never emits a raw newline inside a value); credentials in any text redacted. */
export function formatAuditLine(record: AuditRecord): string {
  return `${JSON.stringify(redactDeep(record))}\n`;
}
