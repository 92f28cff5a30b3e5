import { UsageError } from './exit-codes.js';

export interface GlobalFlags {
  readonly profile?: string;
  readonly json: boolean;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly readOnly: boolean;
}

export interface SplitArgs {
  readonly globals: GlobalFlags;
  readonly help: boolean;
  readonly version: boolean;
  /** The command name, or undefined for the console. */
  readonly command?: string;
  /** Everything else, in order, for the command's own parser. */
  readonly rest: readonly string[];
}

const BOOLEAN_GLOBALS: Record<string, keyof Omit<GlobalFlags, 'profile'>> = {
  '--json': 'json',
  '--yes': 'yes',
  '-y': 'yes',
  '--dry-run': 'dryRun',
  '--read-only': 'readOnly',
};

/** Flags of the console (no command) that take a value. */
const CONSOLE_VALUE_FLAGS: readonly string[] = ['--interval'];

/** Global flags may stand anywhere on the line; the first bare word is the command. */
export function splitArgs(argv: readonly string[]): SplitArgs {
  const flags: { profile?: string; json: boolean; yes: boolean; dryRun: boolean; readOnly: boolean } = {
    json: false,
    yes: false,
    dryRun: false,
    readOnly: false,
  };
  let help = false;
  let version = false;
  let command: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    const bool = BOOLEAN_GLOBALS[arg];
    if (bool !== undefined) {
      flags[bool] = true;
    } else if (arg === '--profile' || arg === '-p') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${arg} needs a profile name or path`);
      flags.profile = value;
      i++;
    } else if (arg.startsWith('--profile=')) {
      flags.profile = arg.slice('--profile='.length);
      if (flags.profile === '') throw new UsageError('--profile needs a profile name or path');
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else if ((arg === '--version' || arg === '-V') && command === undefined) {
      version = true;
    } else if (command === undefined && CONSOLE_VALUE_FLAGS.includes(arg) && argv[i + 1] !== undefined) {
      // The console's own flag: its value is not the command (`picon --interval 2`).
      rest.push(arg, argv[i + 1] as string);
      i++;
    } else if (command === undefined && !arg.startsWith('-')) {
      command = arg;
    } else {
      rest.push(arg);
    }
  }
  return { globals: flags, help, version, ...(command !== undefined && { command }), rest };
}
