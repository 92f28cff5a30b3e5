import { NAME_PATTERN, NAME_RULE } from '../names.js';
import type { ServerRef } from '../profile/profile.js';
import { isAtLeast, type HaproxyVersion } from './version.js';
import type { Result } from '../result.js';

/**
 * Runtime API command lines, built only here. Names are checked against NAME_PATTERN first:
 * `;` separates commands on the CLI, so nothing else may reach a line.
 */

export interface RuntimeCommand {
  /** One line, without the newline. */
  readonly text: string;
}

export type AdminState = 'ready' | 'drain' | 'maint';

/** One change of one server: its admin state or its weight (what drain, ready, maint and weight send). */
export type ServerChange = { readonly kind: 'state'; readonly state: AdminState } | { readonly kind: 'weight'; readonly weight: number };

export const MAX_WEIGHT = 256;

const built = (text: string): Result<RuntimeCommand> => ({ ok: true, value: { text } });
const refused = (reason: string): Result<RuntimeCommand> => ({ ok: false, reason });

export const showInfo = (): RuntimeCommand => ({ text: 'show info' });
export const showStat = (): RuntimeCommand => ({ text: 'show stat' });
export const showProc = (): RuntimeCommand => ({ text: 'show proc' });

function badName(ref: ServerRef): string | undefined {
  if (!NAME_PATTERN.test(ref.backend)) return `backend ${JSON.stringify(ref.backend)} must be ${NAME_RULE}`;
  if (!NAME_PATTERN.test(ref.server)) return `server ${JSON.stringify(ref.server)} must be ${NAME_RULE}`;
  return undefined;
}

export function showServersState(backend?: string): Result<RuntimeCommand> {
  if (backend === undefined) return built('show servers state');
  if (!NAME_PATTERN.test(backend)) return refused(`backend ${JSON.stringify(backend)} must be ${NAME_RULE}`);
  return built(`show servers state ${backend}`);
}

/**
 * `set server <b>/<s> state|weight` came with HAProxy 1.5 (management guide, "set server");
 * older versions only have `enable/disable server` and `set weight`, and no drain.
 */
export function hasSetServer(version: HaproxyVersion): boolean {
  return isAtLeast(version, 1, 5);
}

export function setServerState(ref: ServerRef, state: AdminState, version: HaproxyVersion): Result<RuntimeCommand> {
  const bad = badName(ref);
  if (bad !== undefined) return refused(bad);
  const target = `${ref.backend}/${ref.server}`;
  if (hasSetServer(version)) return built(`set server ${target} state ${state}`);
  if (state === 'drain') return refused(`HAProxy ${version.text} has no drain state (needs 1.5 or later)`);
  return built(`${state === 'maint' ? 'disable' : 'enable'} server ${target}`);
}

export function setServerWeight(ref: ServerRef, weight: number, version: HaproxyVersion): Result<RuntimeCommand> {
  const bad = badName(ref);
  if (bad !== undefined) return refused(bad);
  if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
    return refused(`weight ${weight} is outside 0..${MAX_WEIGHT}`);
  }
  const target = `${ref.backend}/${ref.server}`;
  return built(hasSetServer(version) ? `set server ${target} weight ${weight}` : `set weight ${target} ${weight}`);
}

/**
 * What the runtime client sends to one server: a ServerChange, or what a rollout adds — `health
 * down` (its next checks must bring it back, so UP is known to come from a check after a restart)
 * and `shutdown sessions server` (the sessions a drain left, cut as the Ansible module's
 * shutdown_sessions does).
 */
export type ServerCommand = ServerChange | { readonly kind: 'health'; readonly health: 'down' } | { readonly kind: 'shutdown-sessions' };

export function serverCommand(ref: ServerRef, action: ServerCommand, version: HaproxyVersion): Result<RuntimeCommand> {
  switch (action.kind) {
    case 'state':
      return setServerState(ref, action.state, version);
    case 'weight':
      return setServerWeight(ref, action.weight, version);
    case 'health':
    case 'shutdown-sessions': {
      const bad = badName(ref);
      if (bad !== undefined) return refused(bad);
      const target = `${ref.backend}/${ref.server}`;
      if (!hasSetServer(version)) return refused(`HAProxy ${version.text} has no ${action.kind === 'health' ? 'set server health' : 'shutdown sessions'} (needs 1.5 or later)`);
      return built(action.kind === 'health' ? `set server ${target} health ${action.health}` : `shutdown sessions server ${target}`);
    }
  }
}

/** A command for one worker through the master CLI: `@!<pid> <command>`. */
export function forWorker(pid: number, command: RuntimeCommand): RuntimeCommand {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`bad worker pid ${pid}`);
  return { text: `@!${pid} ${command.text}` };
}
