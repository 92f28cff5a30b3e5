import { readOnlyRefusal, type CommandEffect } from '../core/actions/catalog.js';
import { flagNames, type FlagSpec } from './command-spec.js';
import type { CommandEntry } from './commands.js';
import { UsageError } from './exit-codes.js';

/**
 * Where the command line applies the catalog's --read-only rule: once, in main.ts, before a
 * command is loaded, reads a profile or connects. Each command's table entry says what its line
 * would do (`effect`); the console applies the same rule in its action flow.
 */

/** The words of a command's line that are not flags or flag values, read with the table's flags. */
export function positionalsOf(flags: readonly FlagSpec[], args: readonly string[]): string[] {
  const takesValue = new Set(flags.filter((f) => f.value.kind !== 'none').flatMap(flagNames));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\.?\d/.test(arg)) {
      if (takesValue.has(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

export function commandEffect(entry: CommandEntry, args: readonly string[]): { readonly effect: CommandEffect; readonly title: string } {
  const words = positionalsOf(entry.flags ?? [], args);
  return entry.effect?.(words, args) ?? { effect: 'reads', title: entry.name };
}

/** Throws the refusal as a UsageError (exit 2, code "refused" in --json). */
export function refuseIfReadOnly(readOnly: boolean, entry: CommandEntry, args: readonly string[]): void {
  const { effect, title } = commandEffect(entry, args);
  const refusal = readOnlyRefusal(readOnly, title, effect);
  if (refusal !== undefined) throw new UsageError(refusal, undefined, 'refused');
}
