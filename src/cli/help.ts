import type { CommandEntry } from './commands.js';

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
    '  --profile NAME|PATH  cluster profile (default: set with `picon profile use NAME`)',
    '  --json               machine-readable output',
    '  --yes, -y            do not ask for confirmation',
    '  --dry-run            print the exact remote commands, change nothing',
    '  --read-only          refuse what changes or loads a cluster (actions, bench runs, lab up/down/stop…)',
    '  --help, -h           this help (or `picon COMMAND --help`)',
    '  --version, -V        print the version',
    '',
    'Exit codes: 0 ok, 1 some target failed (partial result printed), 2 bad input.',
    '',
  ];
  return lines.join('\n');
}
