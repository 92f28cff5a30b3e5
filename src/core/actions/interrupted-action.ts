import type { ActionKind } from './action-request.js';
import type { AuditIntent, AuditState } from './audit-record.js';

/**
 * An action whose intent was recorded but never its result, as `picon status` and the console
 * report it: what was being done, by whom, when, and what is true now.
 */

export interface InterruptedAction {
  readonly id: string;
  /** When the intent was recorded (ISO 8601, UTC). */
  readonly time: string;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  readonly action: ActionKind;
  readonly title: string;
  readonly node: string;
  readonly servers: readonly string[];
  readonly before: AuditState;
  /** What HAProxy (or the service check) says now, per target; a target not read is absent. */
  readonly now: AuditState;
  /** "an action on p1 was interrupted at 12:03:04 (drain p1 by alice); HAProxy now says web/p1 DRAIN weight 1, 0 sessions" */
  readonly message: string;
}

/** One server as the journal records it. */
export interface ServerState {
  readonly status: string | null;
  readonly weight: number | null;
  readonly sessions: number | null;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Local time: "12:03:04" today, "2026-01-05 12:03:04" before. */
export function whenText(at: Date, now: Date): string {
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? time : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

function serverText(target: string, state: unknown): string {
  if (state === undefined || state === null) return `${target} not read`;
  const s = state as Partial<ServerState>;
  const parts = [`${target} ${s.status ?? '?'}`];
  if (s.weight !== undefined && s.weight !== null) parts[0] += ` weight ${s.weight}`;
  if (s.sessions !== undefined && s.sessions !== null) parts.push(`${s.sessions} session${s.sessions === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function serviceText(intent: AuditIntent, now: AuditState): string {
  const service = intent.target.service ?? '?';
  const state = now[`service ${service}`] as { active?: boolean | null } | undefined;
  const active = state?.active;
  const words = active === true ? 'active' : active === false ? 'NOT active' : 'not known (not read)';
  return `${service} on ${intent.target.node} is now ${words}`;
}

export function describeInterrupted(intent: AuditIntent, now: AuditState, clock: Date): InterruptedAction {
  const when = whenText(new Date(intent.time), clock);
  const what = intent.target.service !== undefined
    ? serviceText(intent, now)
    : `HAProxy now says ${intent.target.servers.map((t) => serverText(t, now[t])).join('; ')}`;
  const known: Record<string, unknown> = {};
  for (const key of [...intent.target.servers, ...(intent.target.service !== undefined ? [`service ${intent.target.service}`] : [])]) {
    if (now[key] !== undefined) known[key] = now[key];
  }
  return {
    id: intent.id,
    time: intent.time,
    user: intent.user,
    host: intent.process.host,
    pid: intent.process.pid,
    action: intent.action,
    title: intent.title,
    node: intent.target.node,
    servers: intent.target.servers,
    before: intent.before,
    now: known,
    message: `an action on ${intent.target.node} was interrupted at ${when} (${intent.title} by ${intent.user}); ${what}`,
  };
}
