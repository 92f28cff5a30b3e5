import { flagApplies, flagNames, type ArgSpec, type CommandSpec, type FlagSpec, type ValueSpec } from '../command-spec.js';

/**
 * What the word under the cursor may become, from the command table alone: the shell sends the
 * words before it and the word itself; the values (nodes, presets…) come through `ValueLookup`.
 */

export interface Candidate {
  readonly value: string;
  readonly help?: string;
}

/** Where a value of a profile-backed kind comes from: `profile` from --profile (or the command's own), `node` the node named earlier on the line. */
export interface LookupContext {
  readonly profile?: string;
  readonly node?: string;
}

export type ValueLookup = (kind: ValueSpec['kind'], context: LookupContext) => Promise<readonly string[]>;

/** Answers the shell treats as "complete file names" / "directory names" rather than as words. */
export const FILES = ':files';
export const DIRS = ':dirs';

export interface CompletionTable {
  readonly commands: readonly CommandSpec[];
  readonly globalFlags: readonly FlagSpec[];
  readonly consoleFlags: readonly FlagSpec[];
}

interface LineState {
  profile?: string;
  command?: CommandSpec;
  subcommand?: string;
  positionals: string[];
  usedFlags: Set<string>;
  /** The flag whose value the next word is. */
  pendingFlag?: FlagSpec;
}

function findFlag(flags: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return flags.find((f) => flagNames(f).includes(name));
}

function flagsInScope(table: CompletionTable, state: LineState): FlagSpec[] {
  const own = state.command === undefined
    ? table.consoleFlags
    : (state.command.flags ?? []).filter((f) => flagApplies(f, state.subcommand ?? ''));
  return [...table.globalFlags, ...own];
}

/** bash splits `--flag=value` at "=": join those words back. */
function joinEquals(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const prev = out[out.length - 1];
    if (word === '=' && prev?.startsWith('--') === true && !prev.includes('=')) {
      out[out.length - 1] = `${prev}=${words[i + 1] ?? ''}`;
      i++;
    } else {
      out.push(word);
    }
  }
  return out;
}

function readLine(table: CompletionTable, words: readonly string[]): LineState {
  const state: LineState = { positionals: [], usedFlags: new Set() };
  let onlyPositionals = false;
  for (const word of words) {
    if (state.pendingFlag !== undefined) {
      if (state.pendingFlag.name === '--profile') state.profile = word;
      state.pendingFlag = undefined;
      continue;
    }
    if (!onlyPositionals && word === '--') {
      onlyPositionals = true;
      continue;
    }
    if (!onlyPositionals && word.startsWith('-') && word !== '-') {
      const eq = word.indexOf('=');
      const name = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
      const flag = findFlag(flagsInScope(table, state), name);
      if (flag === undefined) continue;
      state.usedFlags.add(flag.name);
      if (flag.value.kind === 'none') continue;
      if (eq > 0) {
        if (flag.name === '--profile') state.profile = word.slice(eq + 1);
      } else {
        state.pendingFlag = flag;
      }
      continue;
    }
    if (state.command === undefined) {
      const command = table.commands.find((c) => c.name === word);
      if (command === undefined) return { ...state, positionals: [word] };
      state.command = command;
    } else if (state.subcommand === undefined && state.positionals.length === 0 && state.command.subcommands?.some((s) => s.name === word) === true) {
      state.subcommand = word;
    } else {
      state.positionals.push(word);
    }
  }
  return state;
}

function argAt(args: readonly ArgSpec[], index: number): ArgSpec | undefined {
  const last = args[args.length - 1];
  return args[index] ?? (last?.repeat === true ? last : undefined);
}

async function valuesOf(spec: ValueSpec, context: LookupContext, lookup: ValueLookup): Promise<Candidate[]> {
  switch (spec.kind) {
    case 'none':
    case 'int':
    case 'text':
    case 'url':
      return [];
    case 'enum':
      return spec.values.map((value) => ({ value }));
    case 'file':
      return [{ value: FILES }];
    case 'dir':
      return [{ value: DIRS }];
    default:
      try {
        return (await lookup(spec.kind, context)).map((value) => ({ value }));
      } catch {
        return [];
      }
  }
}

function contextOf(state: LineState): LookupContext {
  const profile = state.profile ?? state.command?.valuesProfile;
  const node = state.positionals[state.positionals.length - 1];
  return { ...(profile !== undefined && { profile }), ...(node !== undefined && { node }) };
}

function flagCandidates(table: CompletionTable, state: LineState): Candidate[] {
  return flagsInScope(table, state)
    .filter((f) => !state.usedFlags.has(f.name))
    .flatMap((f) => flagNames(f).map((value) => ({ value, help: f.help })));
}

async function wordCandidates(table: CompletionTable, state: LineState, lookup: ValueLookup): Promise<Candidate[]> {
  const command = state.command;
  if (command === undefined) {
    if (state.positionals.length > 0) return [];
    return table.commands.map((c) => ({ value: c.name, help: c.summary }));
  }
  const context = contextOf(state);
  if (state.subcommand !== undefined) {
    const args = command.subcommands?.find((s) => s.name === state.subcommand)?.args ?? [];
    const spec = argAt(args, state.positionals.length);
    return spec === undefined ? [] : valuesOf(spec.value, context, lookup);
  }
  const spec = argAt(command.args ?? [], state.positionals.length);
  const values = spec === undefined ? [] : await valuesOf(spec.value, context, lookup);
  if (state.positionals.length > 0) return values;
  const subcommands = (command.subcommands ?? []).map((s) => ({ value: s.name }));
  return [...values, ...subcommands];
}

/**
 * The candidates for `current`, given the words before it (without `picon` itself), already
 * narrowed to those that start with it; for `--flag=VAL` the answers carry the `--flag=` too.
 */
export async function completionCandidates(table: CompletionTable, wordsBefore: readonly string[], current: string, lookup: ValueLookup): Promise<Candidate[]> {
  const words = joinEquals(wordsBefore);
  if (words[words.length - 1]?.endsWith('=') === true && words[words.length - 1]?.startsWith('--') === true) {
    // bash: the words were `--flag`, `=` and the cursor is on the value.
    const flagWord = words.pop() as string;
    const state = readLine(table, words);
    const flag = findFlag(flagsInScope(table, state), flagWord.slice(0, -1));
    if (flag === undefined) return [];
    return narrow(await valuesOf(flag.value, contextOf(state), lookup), current);
  }
  const state = readLine(table, words);
  if (state.pendingFlag !== undefined) return narrow(await valuesOf(state.pendingFlag.value, contextOf(state), lookup), current);
  const eq = current.indexOf('=');
  if (current.startsWith('--') && eq > 0) {
    const flag = findFlag(flagsInScope(table, state), current.slice(0, eq));
    if (flag === undefined || flag.value.kind === 'none') return [];
    const prefix = current.slice(0, eq + 1);
    const values = narrow(await valuesOf(flag.value, contextOf(state), lookup), current.slice(eq + 1));
    return values.map((c) => (c.value.startsWith(':') ? c : { ...c, value: `${prefix}${c.value}` }));
  }
  if (current.startsWith('-')) return narrow(flagCandidates(table, state), current);
  return narrow(await wordCandidates(table, state, lookup), current);
}

function narrow(candidates: readonly Candidate[], current: string): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (seen.has(c.value)) return false;
    seen.add(c.value);
    return c.value.startsWith(':') || c.value.startsWith(current);
  });
}
