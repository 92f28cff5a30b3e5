import type { EventLevel } from '../cluster/cluster-state.js';
import type { ConnectionStatus as NodeConnection } from '../ports/node-transport.js';
import type { ServerStatus } from '../haproxy/server-status.js';
import { THROTTLE_CONDITIONS, throttleLabels, type ThrottleCondition, type ThrottleFlags } from '../health/throttling.js';
import type { Tone } from './tone.js';
import { UNKNOWN_TEXT } from './units.js';

/**
 * The words and tones for states: HAProxy's servers in HAProxy's own words (UP, DRAIN, MAINT,
 * "no check", "DOWN 1/2"), a node's SSH connection, Pi throttling, services, events.
 */

/** "UP", "DRAIN", "MAINT (via)", "DOWN 1/2", "no check"; "-" when HAProxy has not said. */
export function serverStateText(status: ServerStatus | undefined): string {
  if (status === undefined) return UNKNOWN_TEXT;
  if (status.state === 'UNKNOWN') return status.raw.trim() === '' ? UNKNOWN_TEXT : status.raw.trim();
  const word = status.state === 'NO_CHECK' ? 'no check' : status.state;
  const transition = status.transition !== undefined ? ` ${status.transition.done}/${status.transition.needed}` : '';
  const detail = status.detail !== undefined ? ` (${status.detail})` : '';
  return `${word}${transition}${detail}`;
}

/** Serving is good, DOWN is bad, on the way between or taken out of rotation is a warning. */
export function serverStateTone(status: ServerStatus | undefined): Tone {
  if (status === undefined) return 'dim';
  if (status.transition !== undefined) return 'warn';
  switch (status.state) {
    case 'UP':
    case 'NO_CHECK':
    case 'OPEN':
      return 'good';
    case 'DOWN':
    case 'STOP':
    case 'FULL':
      return 'bad';
    case 'UNKNOWN':
      return 'dim';
    default:
      return 'warn';
  }
}

/** A health check's last result: anything that does not end in OK (L7OK, L4OK) is bad. */
export const checkTone = (checkStatus: string | undefined): Tone => (checkStatus === undefined ? 'dim' : /OK$/.test(checkStatus) ? 'normal' : 'bad');

/** "up", "connecting", "DOWN", "closed". */
export function connectionText(connection: Pick<NodeConnection, 'state'>): string {
  return connection.state === 'down' ? 'DOWN' : connection.state;
}

export function connectionTone(connection: Pick<NodeConnection, 'state'>): Tone {
  return connection.state === 'up' ? 'good' : connection.state === 'down' ? 'bad' : 'dim';
}

const THROTTLE_SHORT: Readonly<Record<ThrottleCondition, string>> = {
  underVoltage: 'UV',
  armFrequencyCapped: 'CAP',
  throttled: 'THR',
  softTemperatureLimit: 'SOFT',
};

/** ["UV", "THR"]: the conditions set, short, in the firmware's bit order. */
export function throttleShort(flags: ThrottleFlags): string[] {
  return THROTTLE_CONDITIONS.filter((c) => flags[c.key]).map((c) => THROTTLE_SHORT[c.key]);
}

/** What is set now needs a person now; what happened since boot is a warning; nothing is good. */
export function throttlingTone(t: { readonly now: ThrottleFlags; readonly sinceBoot: ThrottleFlags }): Tone {
  if (throttleLabels(t.now).length > 0) return 'alert';
  return throttleLabels(t.sinceBoot).length > 0 ? 'warn' : 'good';
}

/** The word for "no throttling, now or since boot". */
export const NO_THROTTLING = 'none';

/** A service's check: "running", "STOPPED", or "-" when the check could not run. */
export function serviceText(running: boolean | null | undefined): string {
  return running === null || running === undefined ? UNKNOWN_TEXT : running ? 'running' : 'STOPPED';
}

export function serviceTone(running: boolean | null | undefined): Tone {
  return running === null || running === undefined ? 'dim' : running ? 'good' : 'bad';
}

const EVENT_TONES: Readonly<Record<EventLevel, Tone>> = { info: 'normal', warn: 'warn', error: 'bad' };

export const eventTone = (level: EventLevel): Tone => EVENT_TONES[level];
