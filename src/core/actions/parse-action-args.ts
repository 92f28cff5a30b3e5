import { parseArgs } from 'node:util';
import { attachDashValues, numberFlag } from '../flags/flag-value.js';
import { isValidName, NAME_RULE } from '../names.js';
import { ACTION_KINDS, type ActionKind, type ActionRequest } from './action-request.js';
import { catalogEntry, type ActionVerb } from './catalog.js';
import { parseWeightValue } from './weight-value.js';

/** The command line of one action (after the global flags are taken out), checked for shape. */

const verbOf = (kind: ActionKind) => catalogEntry(kind).verb as ActionVerb;

export const ACTION_USAGE: Readonly<Record<ActionKind, string>> = Object.fromEntries(
  ACTION_KINDS.map((kind) => [kind, `picon ${verbOf(kind).usage}`]),
) as Record<ActionKind, string>;

export const DEFAULT_WAIT_SECONDS = 120;
const MAX_WAIT_SECONDS = 86_400;
/** How long another picon's hold on the head lock is waited for (docs/actions.md). */
export const DEFAULT_LOCK_WAIT_SECONDS = 10;
const MAX_LOCK_WAIT_SECONDS = 3_600;

// Not a Result: a refusal carries the verb's usage line beside its reason.
export type ParsedAction = { readonly ok: true; readonly request: ActionRequest } | { readonly ok: false; readonly reason: string; readonly usage: string };

const OPTIONS = {
  backend: { type: 'string' },
  force: { type: 'boolean' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  persist: { type: 'boolean' },
  'lock-wait': { type: 'string' },
} as const;

const ARG_NAMES = { node: 'NODE', service: 'SERVICE', text: 'VALUE' } as const;

export function parseActionArgs(kind: ActionKind, args: readonly string[]): ParsedAction {
  const usage = ACTION_USAGE[kind];
  const bad = (reason: string): ParsedAction => ({ ok: false, reason: `${kind}: ${reason}`, usage });
  const attached = attachDashValues(args, ['--backend', '--wait-timeout', '--lock-wait']);
  const negative = attached.find((a) => /^-\.?\d/.test(a));
  if (negative !== undefined) return bad(kind === 'weight' ? `VALUE: ${negative} is not allowed; give a weight from 0 to 256 or a percentage such as 50%` : `unexpected ${JSON.stringify(negative)}`);
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: attached, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    return bad((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const notHere = Object.keys(values).find((k) => !(verbOf(kind).flags as readonly string[]).includes(k));
  if (notHere !== undefined) return bad(`--${notHere} does not apply to ${kind}`);
  const wanted = verbOf(kind).args.map((a) => ARG_NAMES[a]);
  if (positionals.length !== wanted.length) {
    const missing = wanted.slice(positionals.length);
    return bad(missing.length > 0 ? `missing ${missing.join(' and ')}` : `unexpected ${JSON.stringify(positionals[wanted.length])}`);
  }
  const [node = '', second = ''] = positionals;
  if (!isValidName(node)) return bad(`node ${JSON.stringify(node)} must be ${NAME_RULE}`);
  const lockText = values['lock-wait'];
  const lockSeconds = typeof lockText === 'string' ? numberFlag('--lock-wait', lockText, { min: 0, max: MAX_LOCK_WAIT_SECONDS, unit: 'seconds' }) : undefined;
  if (lockSeconds !== undefined && !lockSeconds.ok) return bad(lockSeconds.reason);
  const lockWait = lockSeconds !== undefined ? { lockWaitMs: Math.round(lockSeconds.value * 1000) } : {};
  if (kind === 'restart') {
    if (!isValidName(second)) return bad(`service ${JSON.stringify(second)} must be ${NAME_RULE}`);
    return { ok: true, request: { kind, node, service: second, ...lockWait } };
  }
  const backend = values['backend'];
  if (typeof backend === 'string' && !isValidName(backend)) return bad(`backend ${JSON.stringify(backend)} must be ${NAME_RULE}`);
  const base = { kind, node, force: values['force'] === true, ...lockWait, ...(typeof backend === 'string' && { backend }) };
  if (kind === 'weight') {
    const weight = parseWeightValue(second);
    if (!weight.ok) return bad(weight.reason);
    return { ok: true, request: { ...base, kind, weight: weight.value, persist: values['persist'] === true } };
  }
  const timeoutText = values['wait-timeout'];
  if (typeof timeoutText === 'string' && values['wait'] !== true) return bad('--wait-timeout needs --wait');
  if (values['wait'] === true) {
    const seconds = typeof timeoutText === 'string' ? numberFlag('--wait-timeout', timeoutText, { min: 1, max: MAX_WAIT_SECONDS, unit: 'seconds' }) : { ok: true as const, value: DEFAULT_WAIT_SECONDS };
    if (!seconds.ok) return bad(seconds.reason);
    return { ok: true, request: { ...base, wait: { timeoutMs: Math.round(seconds.value * 1000) } } };
  }
  return { ok: true, request: base };
}
