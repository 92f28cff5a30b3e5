import type { FlagSpec } from './command-spec.js';
import { GLOBAL_FLAGS, type CommandEntry } from './commands.js';

/** Flag labels wider than this do not push the other lines' help to the right. */
const MAX_LABEL = 28;

export function flagLabel(flag: FlagSpec): string {
  const value = flag.value.kind === 'enum' ? flag.value.values.join('|') : flag.placeholder;
  const head = value === undefined || flag.value.kind === 'none' ? flag.name : `${flag.name} ${value}`;
  return [head, ...(flag.aliases ?? [])].join(', ');
}

/** One flag a line: its label, padded to a common column, then its help. */
export function flagLines(flags: readonly FlagSpec[], indent = '  '): string[] {
  const labels = flags.map(flagLabel);
  const width = Math.min(MAX_LABEL, Math.max(0, ...labels.map((l) => l.length)));
  return flags.map((f, i) => {
    const label = labels[i] as string;
    return label.length > width ? `${indent}${label}  ${f.help}` : `${indent}${label.padEnd(width)}  ${f.help}`;
  });
}

export function renderHelp(commands: readonly CommandEntry[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    `picon ${version} — a terminal control console for small web clusters`,
    '',
    'usage: picon [--profile NAME|PATH] [COMMAND] [ARGS]',
    '',
    'Commands:',
    `  ${'(none)'.padEnd(width)}  Open the interactive console`,
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global flags:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    'Exit codes: 0 ok, 1 some target failed (partial result printed), 2 bad input.',
    '',
  ];
  return lines.join('\n');
}

/** `picon COMMAND --help`: the usage, the other forms, the options, the notes. */
export function renderCommandHelp(entry: CommandEntry): string {
  const forms = (entry.subcommands ?? []).map((s) => s.help).filter((h) => h !== '');
  const lines = [
    `usage: picon ${entry.usage}`,
    `  ${entry.summary}`,
    ...forms.map((f) => `  ${f}`),
    ...flagLines(entry.flags ?? []),
    ...(entry.notes ?? []).map((n) => `  ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
