import { parseArgs } from 'node:util';
import { DEFAULT_LOCK_WAIT_SECONDS } from '../actions/parse-action-args.js';
import { parseWeightValue } from '../actions/weight-value.js';
import { attachDashValues, choiceFlag, numberFlag } from '../flags/flag-value.js';
import { isValidName, NAME_RULE } from '../names.js';
import type { Result } from '../result.js';
import { DEFAULT_BATCH, DEFAULT_WAIT_IDLE_SECONDS, type RolloutChange, type RolloutRequest } from './rollout-request.js';

/** `picon rollout restart|weight|state …` and `rollout resume`, after the global flags are taken out. */

export const ROLLOUT_USAGE =
  'picon rollout restart SERVICE|weight N|PCT%|state ready|drain|maint (--workers p1,p2 | --all) [--batch N] [--wait-idle S] [--shutdown-sessions] [--lock-wait S] | rollout resume';

export type RolloutCommand = { readonly kind: 'start'; readonly request: RolloutRequest } | { readonly kind: 'resume'; readonly lockWaitMs?: number };

const OPTIONS = {
  workers: { type: 'string' },
  all: { type: 'boolean' },
  batch: { type: 'string' },
  'wait-idle': { type: 'string' },
  'shutdown-sessions': { type: 'boolean' },
  'lock-wait': { type: 'string' },
} as const;

function changeOf(verb: string | undefined, value: string | undefined): Result<RolloutChange> {
  const missing = (what: string): Result<RolloutChange> => ({ ok: false, reason: `rollout ${verb}: missing ${what}` });
  switch (verb) {
    case 'restart':
      if (value === undefined) return missing('SERVICE');
      return isValidName(value) ? { ok: true, value: { kind: 'restart', service: value } } : { ok: false, reason: `rollout restart: service ${JSON.stringify(value)} must be ${NAME_RULE}` };
    case 'weight': {
      if (value === undefined) return missing('the weight (0-256 or PCT%)');
      const weight = parseWeightValue(value);
      return weight.ok ? { ok: true, value: { kind: 'weight', weight: weight.value } } : { ok: false, reason: `rollout weight: ${weight.reason}` };
    }
    case 'state': {
      if (value === undefined) return missing('the state (ready, drain or maint)');
      const state = choiceFlag('rollout state', value, ['ready', 'drain', 'maint'] as const);
      return state.ok ? { ok: true, value: { kind: 'state', state: state.value } } : state;
    }
    default:
      return { ok: false, reason: verb === undefined ? 'rollout: say what to roll out: restart SERVICE, weight N, state S, or resume' : `rollout: unknown ${JSON.stringify(verb)}; one of restart, weight, state, resume` };
  }
}

export function parseRolloutArgs(args: readonly string[]): Result<RolloutCommand> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: attachDashValues(args, ['--workers', '--batch', '--wait-idle', '--lock-wait']), options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    return { ok: false, reason: `rollout: ${(error as Error).message.split('\n')[0] ?? 'bad arguments'}` };
  }
  const lockText = values['lock-wait'];
  const lock = typeof lockText === 'string' ? numberFlag('--lock-wait', lockText, { min: 0, max: 3600, unit: 'seconds' }) : { ok: true as const, value: DEFAULT_LOCK_WAIT_SECONDS };
  if (!lock.ok) return lock;
  const lockWaitMs = Math.round(lock.value * 1000);
  const [verb, value, extra] = positionals;
  if (verb === 'resume') {
    const other = Object.keys(values).find((k) => k !== 'lock-wait');
    if (other !== undefined) return { ok: false, reason: `rollout resume: --${other} does not apply; resume continues the saved rollout as it was asked` };
    if (value !== undefined) return { ok: false, reason: `rollout resume: unexpected ${JSON.stringify(value)}` };
    return { ok: true, value: { kind: 'resume', lockWaitMs } };
  }
  const change = changeOf(verb, value);
  if (!change.ok) return change;
  if (extra !== undefined) return { ok: false, reason: `rollout: unexpected ${JSON.stringify(extra)}` };
  const listed = values['workers'];
  if (typeof listed === 'string' && values['all'] === true) return { ok: false, reason: 'rollout: --workers and --all: give one of them' };
  if (typeof listed !== 'string' && values['all'] !== true) return { ok: false, reason: 'rollout: which nodes? give --workers p1,p2 or --all (every worker)' };
  let workers: 'all' | string[] = 'all';
  if (typeof listed === 'string') {
    workers = listed.split(',').map((w) => w.trim()).filter((w) => w !== '');
    const bad = workers.find((w) => !isValidName(w));
    if (bad !== undefined) return { ok: false, reason: `--workers: node ${JSON.stringify(bad)} must be ${NAME_RULE}` };
    if (workers.length === 0) return { ok: false, reason: '--workers: give at least one node, e.g. --workers p1,p2' };
    const twice = workers.find((w, i) => workers.indexOf(w) !== i);
    if (twice !== undefined) return { ok: false, reason: `--workers: ${twice} is listed twice` };
  }
  const batchText = values['batch'];
  const batch = typeof batchText === 'string' ? numberFlag('--batch', batchText, { min: 1, max: 1000, unit: 'nodes', whole: true }) : { ok: true as const, value: DEFAULT_BATCH };
  if (!batch.ok) return batch;
  const idleText = values['wait-idle'];
  const idle = typeof idleText === 'string' ? numberFlag('--wait-idle', idleText, { min: 0, max: 86_400, unit: 'seconds' }) : { ok: true as const, value: DEFAULT_WAIT_IDLE_SECONDS };
  if (!idle.ok) return idle;
  return {
    ok: true,
    value: {
      kind: 'start',
      request: {
        kind: 'rollout',
        change: change.value,
        workers,
        batch: batch.value,
        waitIdleMs: Math.round(idle.value * 1000),
        shutdownSessions: values['shutdown-sessions'] === true,
        lockWaitMs,
      },
    },
  };
}
