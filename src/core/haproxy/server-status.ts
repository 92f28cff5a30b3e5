/**
 * The `status` column of `show stat`. Servers: UP, DOWN, NOLB, DRAIN, MAINT (also "MAINT(via)",
 * "MAINT(resolution)", "DRAIN (agent)"), "no check", and transitions such as "UP 1/2" (up, one
 * of two failed checks seen on the way down) or "DOWN 1/2" (down, one of two good checks seen on
 * the way up). Frontends: OPEN, FULL, STOP. Backends: UP, DOWN.
 */

export type StatusState = 'UP' | 'DOWN' | 'NOLB' | 'DRAIN' | 'MAINT' | 'NO_CHECK' | 'OPEN' | 'FULL' | 'STOP' | 'UNKNOWN';

export interface ServerStatus {
  /** The text HAProxy printed. */
  readonly raw: string;
  readonly state: StatusState;
  /** "UP 1/2": `{ done: 1, needed: 2 }` checks toward the opposite state. */
  readonly transition?: { readonly done: number; readonly needed: number };
  /** "MAINT(via)", "DRAIN (agent)": the qualifier without brackets. */
  readonly detail?: string;
}

const STATES: Readonly<Record<string, StatusState>> = {
  UP: 'UP',
  DOWN: 'DOWN',
  NOLB: 'NOLB',
  DRAIN: 'DRAIN',
  MAINT: 'MAINT',
  OPEN: 'OPEN',
  FULL: 'FULL',
  STOP: 'STOP',
  'NO CHECK': 'NO_CHECK',
};

const STATUS_PATTERN = /^([A-Za-z]+(?: check)?)\s*(?:(\d+)\/(\d+))?\s*(?:\((.*)\))?$/;

export function parseServerStatus(raw: string): ServerStatus {
  const text = raw.trim();
  const match = STATUS_PATTERN.exec(text);
  const state = match?.[1] === undefined ? undefined : STATES[match[1].toUpperCase()];
  if (match === null || state === undefined) return { raw, state: 'UNKNOWN' };
  const [, , done, needed, detail] = match;
  return {
    raw,
    state,
    ...(done !== undefined && needed !== undefined ? { transition: { done: Number(done), needed: Number(needed) } } : {}),
    ...(detail !== undefined && detail !== '' ? { detail } : {}),
  };
}

/** Takes new requests from the load balancer ("UP 1/2" still does; DRAIN, NOLB and MAINT do not). */
export function isServing(status: ServerStatus | undefined): boolean {
  return status !== undefined && (status.state === 'UP' || status.state === 'NO_CHECK');
}
