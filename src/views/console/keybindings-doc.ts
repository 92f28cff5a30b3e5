import type { ActionKind } from '../../core/actions/action-request.js';
import { CATALOG, planOf, type ActionEffect, type CatalogEntry, type CatalogRequest, type ConfirmRule } from '../../core/actions/catalog.js';
import { parseActionArgs } from '../../core/actions/parse-action-args.js';
import { STEP_PHASES } from '../../core/actions/plan-step.js';
import { parseRolloutArgs } from '../../core/rollout/parse-rollout-args.js';
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

const EFFECT_WORDS: Readonly<Record<ActionEffect, string>> = { 'changes-cluster': 'changes the cluster', 'loads-cluster': 'loads the cluster' };
const CONFIRM_WORDS: Readonly<Record<ConfirmRule, string>> = { always: 'yes', 'weight-zero': 'weight 0 only', never: 'no' };

/** The example's request, as `:` would read it. */
function exampleRequest(action: CatalogEntry): CatalogRequest {
  const [name, ...args] = action.example;
  if (name === 'bench') return { kind: 'bench', preset: args[0] ?? '' };
  if (name === 'rollout') {
    const rollout = parseRolloutArgs(args);
    if (!rollout.ok || rollout.value.kind !== 'start') throw new Error(`the catalog's example for rollout does not parse: ${rollout.ok ? 'resume' : rollout.reason}`);
    return rollout.value.request;
  }
  const parsed = parseActionArgs(name as ActionKind, args);
  if (!parsed.ok) throw new Error(`the catalog's example for ${action.name} does not parse: ${parsed.reason}`);
  return parsed.request;
}

function planWords(action: CatalogEntry): string {
  return planOf(exampleRequest(action)).map((s) => `\`${s.kind}\``).join(', ');
}

function actionsSection(): string[] {
  const rows = CATALOG.map((a) => {
    const verb = a.verb !== undefined ? `\`picon ${cell(a.verb.usage)}\`` : `\`picon ${a.colon}\``;
    return `| \`${a.key.char}\` | \`:${cell(a.colon)}\` | ${verb} | ${EFFECT_WORDS[a.effect]} | ${CONFIRM_WORDS[a.confirm]} | ${cell(planWords(a))} |`;
  });
  return [
    '## Actions',
    '',
    'Every key that acts, from the action catalog (src/core/actions/catalog.ts): its `:` command, its',
    '`picon` verb, what it does to the cluster, whether it asks first (in the console a dialog; on a',
    'terminal `[y/N]`; without a terminal it needs `--yes`, else exit 2), and the steps its plan runs.',
    '',
    '| Key | `:` command | Command line | | Asks first | Plan |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'What each step does, in order (one runner, src/adapters/actions/run-action.ts, runs the steps of a',
    'plan one after another and stops at the first that fails):',
    '',
    ...Object.entries(STEP_PHASES).map(([kind, phases]) => `- \`${kind}\`: ${phases.join(', ')}`),
    '',
  ];
}

/** docs/keybindings.md, generated from the keymap by scripts/generate-keybindings-doc.mjs. */
export function renderKeybindingsDoc(keymap: readonly KeyBinding[]): string {
  const out: string[] = [
    '# Console keys',
    '',
    '<!-- Generated from src/views/console/keymap.ts and src/core/actions/catalog.ts by scripts/generate-keybindings-doc.mjs; do not edit. -->',
    '',
    'Keys marked **changes the cluster** or **loads the cluster** are hidden and refused with `--read-only`.',
    `Asking first: ${CATALOG.filter((a) => a.confirm !== 'never').map((a) => (a.confirm === 'weight-zero' ? `${a.name} 0` : a.name)).join(', ')}, in a dialog that opens`,
    'on Cancel; when the last-UP-server guard refuses, only choosing **Force it** in the second dialog goes ahead.',
    '',
  ];
  for (const { context, title } of CONTEXT_TITLES) {
    const rows = keymap.filter((b) => b.contexts.includes(context));
    if (rows.length === 0) continue;
    out.push(`## ${title}`, '', '| Key | What it does | |', '| --- | --- | --- |');
    for (const b of rows) out.push(`| \`${cell(b.label)}\` | ${cell(b.description)} | ${b.action !== undefined ? EFFECT_WORDS[b.action.effect] : ''} |`);
    out.push('');
  }
  out.push(
    '## Command line',
    '',
    `Press \`:\` and type one of: ${[...CATALOG.map((a) => a.colon), 'filter TEXT', 'help', 'quit'].map((w) => `\`${w}\``).join(', ')}.`,
    'The actions take the same arguments as `picon drain` and friends and run the same code.',
    '',
    ...actionsSection(),
  );
  return out.join('\n');
}
