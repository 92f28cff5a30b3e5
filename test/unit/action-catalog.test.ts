import { describe, expect, it } from 'vitest';
import { COMMANDS, CONSOLE_FLAGS, findCommand, GLOBAL_FLAGS } from '../../src/cli/commands.js';
import { completionCandidates } from '../../src/cli/completion/candidates.js';
import { renderCommandHelp, renderHelp } from '../../src/cli/help.js';
import { CATALOG, confirmQuestion, needsConfirmation, planOf, type CatalogRequest } from '../../src/core/actions/catalog.js';
import { ACTION_USAGE } from '../../src/core/actions/parse-action-args.js';
import { STEP_PHASES } from '../../src/core/actions/plan-step.js';
import { parseCommandLine } from '../../src/views/console/command-line.js';
import { renderKeybindingsDoc } from '../../src/views/console/keybindings-doc.js';
import { footerHints, KEYMAP } from '../../src/views/console/keymap.js';
import { helpScreen } from '../../src/views/console/render/help-lines.js';
import { fixtureProfile } from '../support/console-fixture.js';

/** Walks the action catalog: every entry is whole, and everything derived from it agrees with it. */

const profile = fixtureProfile();

/** The entry's example as the `:` command line reads it. */
function exampleRequest(example: readonly string[]): CatalogRequest {
  const parsed = parseCommandLine(example.join(' '), profile);
  if (!parsed.ok || parsed.value.kind !== 'action') throw new Error(`${example.join(' ')}: ${parsed.ok ? parsed.value.kind : parsed.reason}`);
  return parsed.value.request;
}

describe.each(CATALOG.map((e) => [e.name, e] as const))('catalog entry %s', (name, entry) => {
  it('is whole: a key, help text, a `:` form, a confirmation rule, an example that parses, and a plan of known steps', () => {
    expect(entry.key.char).toMatch(/^.$/);
    expect(entry.key.description.length).toBeGreaterThan(10);
    expect(entry.key.hint).not.toBe('');
    expect(entry.colon.split(' ')[0]).toBe(name);
    expect(['always', 'weight-zero', 'never']).toContain(entry.confirm);
    expect(['changes-cluster', 'loads-cluster']).toContain(entry.effect);
    const request = exampleRequest(entry.example);
    expect(request.kind).toBe(name);
    const plan = planOf(request);
    expect(plan.length).toBeGreaterThan(0);
    for (const step of plan) expect(STEP_PHASES[step.kind].length).toBeGreaterThan(0);
    expect(confirmQuestion(request)).toMatch(/ Go ahead\?$/);
  });

  it('its key is in the keymap with its words, in the footer and in the help overlay', () => {
    const binding = KEYMAP.find((b) => b.intent === name);
    expect(binding).toMatchObject({ label: entry.key.char, description: entry.key.description, hint: entry.key.hint, keys: [{ char: entry.key.char }] });
    expect(binding?.action).toBe(entry);
    expect(footerHints(KEYMAP, 'nodes').map((h) => h.hint)).toContain(entry.key.hint);
    const screen = helpScreen(KEYMAP, { readOnly: false, staleMark: '~', columns: 200, rows: 60 });
    expect(screen.layout.columns.flat().some((r) => r.label === entry.key.char && entry.key.description.startsWith(r.text.split(' ')[0] ?? '?'))).toBe(true);
  });

  it('docs/keybindings.md lists its key, `:` form and verb', () => {
    const doc = renderKeybindingsDoc(KEYMAP);
    expect(doc).toContain(entry.key.description);
    expect(doc).toContain(`\`:${entry.colon.replace(/\|/g, '\\|')}\``);
    if (entry.verb !== undefined) expect(doc).toContain(`\`picon ${entry.verb.usage.replace(/\|/g, '\\|')}\``);
  });

  it('its verb is in the command table, `picon --help`, `picon VERB --help` and completion', async () => {
    const command = findCommand(name);
    expect(command).toBeDefined();
    expect(renderHelp(COMMANDS, '0')).toContain(`  ${name}`);
    const candidates = await completionCandidates({ commands: COMMANDS, globalFlags: GLOBAL_FLAGS, consoleFlags: CONSOLE_FLAGS }, [], name.slice(0, 2), async () => []);
    expect(candidates.map((c) => c.value)).toContain(name);
    if (entry.verb === undefined) return;
    expect(command).toMatchObject({ usage: entry.verb.usage, summary: entry.verb.summary });
    expect(command?.flags?.map((f) => f.name.slice(2))).toEqual(entry.verb.flags);
    expect(command?.args?.map((a) => a.value.kind)).toEqual(entry.verb.args);
    expect(ACTION_USAGE[name as keyof typeof ACTION_USAGE]).toBe(`picon ${entry.verb.usage}`);
    const help = renderCommandHelp(command!);
    expect(help.startsWith(`usage: picon ${entry.verb.usage}\n`)).toBe(true);
    if (entry.confirm !== 'never') expect(help).toContain('--yes');
  });
});

describe('confirmation rules', () => {
  it.each<[string, boolean]>([
    ['drain p2', true],
    ['ready p2', false],
    ['maint p2', true],
    ['weight p2 3', false],
    ['weight p2 0', true],
    ['weight p2 0%', true],
    ['restart p1 nginx', true],
    ['bench smoke', false],
  ])('%s asks first: %s', (line, asks) => {
    expect(needsConfirmation(exampleRequest(line.split(' ')))).toBe(asks);
  });
});
