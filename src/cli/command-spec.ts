/**
 * The shape of the command table (`commands.ts`): what `picon COMMAND --help` prints and what
 * shell completion offers both come from it, so a new command or flag needs no other code.
 */

/** What a flag or a positional argument takes; the value kinds name where completion finds candidates. */
export type ValueSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | {
      readonly kind:
        | 'node'
        | 'worker'
        | 'service'
        | 'backend'
        | 'preset'
        | 'profile'
        | 'run'
        | 'file'
        | 'dir'
        | 'url'
        | 'text';
    };

export type ValueKind = ValueSpec['kind'];

export interface FlagSpec {
  /** As typed: `--wait`, `-c`. */
  readonly name: string;
  /** Other spellings (`--concurrency` for `-c`, `-y` for `--yes`). */
  readonly aliases?: readonly string[];
  readonly value: ValueSpec;
  /** The value's name in help (`N`, `SECONDS`); enums show their values. */
  readonly placeholder?: string;
  readonly help: string;
  /** The subcommands it applies to; '' is the command with no subcommand. Absent: all of them. */
  readonly only?: readonly string[];
}

export interface ArgSpec {
  readonly value: ValueSpec;
  /** Takes every remaining word (`RUN...`, `FILE...`). */
  readonly repeat?: boolean;
}

export interface SubcommandSpec {
  readonly name: string;
  /** Its positional arguments, in order. */
  readonly args?: readonly ArgSpec[];
  /** One help line: the form and what it does. */
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Positional arguments when no subcommand is named (bench's PRESET), in order. */
  readonly args?: readonly ArgSpec[];
  readonly subcommands?: readonly SubcommandSpec[];
  readonly flags?: readonly FlagSpec[];
  /** Help lines after the flags: exit codes, defaults that no flag says. */
  readonly notes?: readonly string[];
  /** The profile whose nodes and services complete, when not the current one (the lab's commands: `lab`). */
  readonly valuesProfile?: string;
}

export const NONE: ValueSpec = { kind: 'none' };
export const int = (min: number, max: number): ValueSpec => ({ kind: 'int', min, max });
export const oneOf = (...values: string[]): ValueSpec => ({ kind: 'enum', values });
export const of = (kind: Exclude<ValueKind, 'none' | 'int' | 'enum'>): ValueSpec => ({ kind });

/** All the names a flag answers to. */
export function flagNames(flag: FlagSpec): readonly string[] {
  return [flag.name, ...(flag.aliases ?? [])];
}

/** Whether a flag applies with this subcommand ('' for none). */
export function flagApplies(flag: FlagSpec, subcommand: string): boolean {
  return flag.only === undefined || flag.only.includes(subcommand);
}
