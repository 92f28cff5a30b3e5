import type { KeyBinding, KeyContext } from './keymap.js';

const CONTEXT_TITLES: readonly { readonly context: KeyContext; readonly title: string }[] = [
  { context: 'nodes', title: 'Nodes table' },
  { context: 'details', title: 'Details view' },
  { context: 'loadtests', title: 'Load-test results view (l)' },
  { context: 'confirm', title: 'Confirm dialog (opens on Cancel)' },
  { context: 'picker', title: 'Pickers (service to restart, load-test preset)' },
  { context: 'prompt', title: 'Weight prompt' },
  { context: 'text', title: 'Filter (/) and command line (:)' },
  { context: 'help', title: 'Help overlay' },
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/keybindings.md, generated from the keymap by scripts/generate-keybindings-doc.mjs. */
export function renderKeybindingsDoc(keymap: readonly KeyBinding[]): string {
  const out: string[] = [
    '# Console keys',
    '',
    '<!-- Generated from src/views/console/keymap.ts by scripts/generate-keybindings-doc.mjs; do not edit. -->',
    '',
    'Keys marked **changes the cluster** are hidden and refused with `--read-only`. Drain, maint,',
    'restart and weight 0 ask first in a dialog that opens on Cancel; when the last-UP-server guard',
    'refuses, only choosing **Force it** in the second dialog goes ahead.',
    '',
  ];
  for (const { context, title } of CONTEXT_TITLES) {
    const rows = keymap.filter((b) => b.contexts.includes(context));
    if (rows.length === 0) continue;
    out.push(`## ${title}`, '', '| Key | What it does | |', '| --- | --- | --- |');
    for (const b of rows) out.push(`| \`${cell(b.label)}\` | ${cell(b.description)} | ${b.dangerous ? 'changes the cluster' : ''} |`);
    out.push('');
  }
  out.push(
    '## Command line',
    '',
    'Press `:` and type one of: `drain NODE [--force] [--wait]`, `ready NODE`, `maint NODE [--force]`,',
    '`weight NODE VALUE|PCT%`, `restart NODE SERVICE`, `bench PRESET`, `filter TEXT`, `help`, `quit`.',
    'The actions take the same arguments as `picon drain` and friends and run the same code.',
    '',
  );
  return out.join('\n');
}
