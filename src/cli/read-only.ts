import type { GlobalFlags } from './global-flags.js';
import { UsageError } from './exit-codes.js';

/**
 * `--read-only`: one rule for every command. A command says what it is about to do before it
 * reads a profile or connects; anything that changes a cluster (the lab is one) or loads it is
 * refused with one line, exit 2. Reading — status, the wallboard, bench history/compare, the
 * preset list, profiles — goes on. Local files that change no cluster (`trust` adding a host
 * key, `profile use`) are not the flag's business.
 */
export type CommandEffect = 'reads' | 'changes-cluster' | 'loads-cluster' | 'changes-lab';

const REFUSED: Readonly<Record<CommandEffect, string | undefined>> = {
  reads: undefined,
  'changes-cluster': 'it changes the cluster',
  'loads-cluster': 'it loads the cluster',
  'changes-lab': "it starts, stops or changes the lab's processes",
};

/** The one-line refusal, or undefined when the command may run. */
export function readOnlyRefusal(readOnly: boolean, title: string, effect: CommandEffect): string | undefined {
  const why = REFUSED[effect];
  return readOnly && why !== undefined ? `${title}: refused, picon is running --read-only (${why})` : undefined;
}

/** Throws the refusal as a UsageError (exit 2). */
export function refuseIfReadOnly(globals: Pick<GlobalFlags, 'readOnly'>, title: string, effect: CommandEffect): void {
  const refusal = readOnlyRefusal(globals.readOnly, title, effect);
  if (refusal !== undefined) throw new UsageError(refusal, undefined, 'refused');
}

/** `picon lab SUB`: only `status` (and the nodes' own `is-active` check) read. */
export function labEffect(sub: string | undefined): CommandEffect {
  return sub === undefined || sub === 'status' || sub === 'is-active' ? 'reads' : 'changes-lab';
}
