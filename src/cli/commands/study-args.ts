import path from 'node:path';
import { choiceFlag, numberFlag, type NumberRule } from '../../core/flags/flag-value.js';
import { CAPS } from '../../core/loadtest/run-plan.js';
import type { StudyOptions } from '../../core/study/study-plan.js';
import { STUDY_FORMATS, type StudyFormat } from '../../core/study/study-tables.js';
import { UsageError } from '../exit-codes.js';

/** `picon study` flags → the study's options; every bad flag is one line (exit 2). */

export const STUDY_USAGE =
  'usage: picon study [--rounds N] [--seconds S] [--rest S] [-c N] [--engine builtin|ab] [--only T,...] [--endpoints cached,work] [--include-flagged] [--format human|markdown|csv|json] [--ca FILE | --insecure] [--report DIR [--force]] | study show [last|ID] [--report DIR [--force]]';

/** The defaults: the seed's 100 connections with keep-alive; 3 rounds of 5 s a cell, 1 s apart. */
export const STUDY_DEFAULTS = { rounds: 3, seconds: 5, restSeconds: 1, concurrency: 100 } as const;

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '--rounds': 'rounds', '--seconds': 'seconds', '--rest': 'rest', '-c': 'concurrency', '--concurrency': 'concurrency',
  '--engine': 'engine', '--threads': 'threads', '--only': 'only', '--endpoints': 'endpoints', '--format': 'format', '--ca': 'ca',
  '--report': 'report',
};
const SWITCHES = new Set(['--include-flagged', '--insecure', '--force']);

const RULES: Readonly<Record<string, NumberRule>> = {
  rounds: { min: 1, max: 20, unit: 'rounds', whole: true },
  seconds: { min: 1, max: CAPS.maxDurationSeconds, unit: 'seconds', whole: true },
  rest: { min: 0, max: 60, unit: 'seconds', whole: true },
  concurrency: { min: 1, max: CAPS.maxConcurrency, unit: 'connections', whole: true },
  threads: { min: 1, max: CAPS.maxThreads, unit: 'threads', whole: true },
};

export interface StudyArgs {
  readonly positional: readonly string[];
  readonly options: StudyOptions;
  readonly format: StudyFormat;
  /** `--report DIR` (as given) and `--force`. */
  readonly report?: { readonly dir: string; readonly force: boolean };
  /** The flags given (for `study show`, which takes only --format). */
  readonly given: readonly string[];
}

const list = (flag: string, text: string): string[] => {
  const items = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (items.length === 0) throw new UsageError(`${flag} needs a comma-separated list, not "${text}"`);
  return items;
};

export function parseStudyArgs(args: readonly string[], json: boolean): StudyArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const given: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (SWITCHES.has(arg)) {
      switches.add(arg);
      given.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[flag];
    if (key !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`, STUDY_USAGE);
      if (values.has(key)) throw new UsageError(`${flag} is given twice`);
      values.set(key, value);
      given.push(flag);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`, STUDY_USAGE);
    } else {
      positional.push(arg);
    }
  }
  const count = (key: string, flag: string, fallback: number): number => {
    const text = values.get(key);
    if (text === undefined) return fallback;
    const checked = numberFlag(flag, text, RULES[key] as NumberRule);
    if (!checked.ok) throw new UsageError(checked.reason);
    return checked.value;
  };
  const engine = choiceFlag('--engine', values.get('engine') ?? 'builtin', ['builtin', 'ab'] as const);
  if (!engine.ok) throw new UsageError(engine.reason);
  const format = choiceFlag('--format', values.get('format') ?? (json ? 'json' : 'human'), [...STUDY_FORMATS, 'md'] as const);
  if (!format.ok) throw new UsageError(format.reason);
  if (json && values.has('format') && format.value !== 'json') throw new UsageError(`--json and --format ${format.value} disagree; give one`);
  if (values.has('ca') && switches.has('--insecure')) throw new UsageError('give --ca FILE or --insecure, not both');
  if (switches.has('--force') && !values.has('report')) throw new UsageError('--force is for --report DIR (write the report into a directory that has files)');
  if (values.get('report') === '') throw new UsageError('--report needs a directory');
  if (values.has('threads') && engine.value === 'ab') throw new UsageError('--threads is for the built-in engine (ab runs one thread)');
  const options: StudyOptions = {
    rounds: count('rounds', '--rounds', STUDY_DEFAULTS.rounds),
    seconds: count('seconds', '--seconds', STUDY_DEFAULTS.seconds),
    restSeconds: count('rest', '--rest', STUDY_DEFAULTS.restSeconds),
    concurrency: count('concurrency', '-c', STUDY_DEFAULTS.concurrency),
    engine: engine.value,
    includeFlagged: switches.has('--include-flagged'),
    ...(values.has('only') && { only: list('--only', values.get('only') as string) }),
    ...(values.has('endpoints') && { endpoints: list('--endpoints', values.get('endpoints') as string) }),
    ...(values.has('ca') && { ca: path.resolve(values.get('ca') as string) }),
    ...(switches.has('--insecure') && { insecure: true }),
    ...(values.has('threads') && { threads: count('threads', '--threads', 1) }),
  };
  const report = values.get('report');
  return { positional, options, format: format.value === 'md' ? 'markdown' : format.value, given, ...(report !== undefined && { report: { dir: report, force: switches.has('--force') } }) };
}
