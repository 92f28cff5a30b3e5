import type { AuditAction, AuditIntent, AuditState } from './audit-record.js';

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
  readonly action: AuditAction;
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

/** What picon reads now, looked up per target: a server, or a node's service (undefined: not read). */
export interface CurrentState {
  server(target: string): ServerState | undefined;
  serviceActive(node: string, service: string): boolean | null | undefined;
}

function serverText(target: string, state: ServerState | undefined): string {
  if (state === undefined) return `${target} not read`;
  const weight = state.weight !== null ? ` weight ${state.weight}` : '';
  const sessions = state.sessions !== null ? `, ${state.sessions} session${state.sessions === 1 ? '' : 's'}` : '';
  return `${target} ${state.status ?? '?'}${weight}${sessions}`;
}

function activeText(active: boolean | null | undefined): string {
  return active === true ? 'active' : active === false ? 'NOT active' : 'in a state not known';
}

export function describeInterrupted(intent: AuditIntent, current: CurrentState, clock: Date): InterruptedAction {
  const when = whenText(new Date(intent.time), clock);
  const now: Record<string, unknown> = {};
  for (const target of intent.target.servers) {
    const state = current.server(target);
    if (state !== undefined) now[target] = state;
  }
  const service = intent.target.service;
  let what: string;
  if (service !== undefined) {
    const active = current.serviceActive(intent.target.node, service);
    if (active !== undefined) now[`service ${service}`] = { active };
    what = `${service} on ${intent.target.node} is now ${activeText(active)}`;
  } else {
    what = `HAProxy now says ${intent.target.servers.map((t) => serverText(t, current.server(t))).join('; ')}`;
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
    now,
    message: `an action on ${intent.target.node} was interrupted at ${when} (${intent.title} by ${intent.user}); ${what}`,
  };
}
