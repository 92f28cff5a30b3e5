import { afterEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../src/cli/commands.js';
import { refuseIfReadOnly } from '../../src/cli/read-only.js';
import type { ResolvedAction } from '../../src/core/actions/resolve-action.js';
import { CATALOG } from '../../src/core/actions/catalog.js';
import type { ActionRunner, LoadTestRunner } from '../../src/views/console/console-ports.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

/**
 * --read-only, walked over the action catalog: every action that changes or loads the cluster is
 * refused by its key, by `:` and by its `picon` verb, and nothing reaches a runner.
 */

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

const refusing = CATALOG.filter((e) => e.effect === 'changes-cluster' || e.effect === 'loads-cluster');
const why = (effect: string) => (effect === 'loads-cluster' ? 'it loads the cluster' : 'it changes the cluster');

function runners() {
  const calls: string[] = [];
  const actions: ActionRunner = {
    async run(action: ResolvedAction) {
      calls.push(action.request.kind);
      throw new Error('must not run');
    },
  };
  const loadTests: LoadTestRunner = {
    async run(preset) {
      calls.push(`bench ${preset}`);
    },
  };
  return { calls, actions, loadTests };
}

describe.each(refusing.map((e) => [e.name, e] as const))('--read-only refuses %s', (name, entry) => {
  it('on the command line: one line, exit 2 (code "refused"), before anything loads', () => {
    const [verb = '', ...args] = entry.example;
    const command = findCommand(verb)!;
    expect(() => refuseIfReadOnly(true, command, args)).toThrow(`${entry.example.join(' ')}: refused, picon is running --read-only (${why(entry.effect)})`);
    expect(() => refuseIfReadOnly(false, command, args)).not.toThrow();
  });

  it('in the console: its key is hidden and says why; `:` says why; nothing runs', async () => {
    const { calls, actions, loadTests } = runners();
    view = await renderConsole({ actions, loadTests, readOnly: true });
    expect(view.frame()).not.toContain(`${entry.key.char} ${entry.key.hint}`);
    await view.press('j', 'j', entry.key.char);
    await view.waitFor(`${entry.key.char} (${entry.key.hint}): refused, picon is running --read-only (${why(entry.effect)})`);
    await view.press(':', entry.example.join(' '), KEY.enter);
    await view.waitFor(`${entry.example.join(' ').replace(/^restart (\S+) (\S+)$/, 'restart $2 on $1')}: refused, picon is running --read-only`);
    expect(calls).toEqual([]);
  });

  it('without --read-only the same key is offered', async () => {
    const { actions, loadTests } = runners();
    view = await renderConsole({ actions, loadTests, readOnly: false });
    expect(view.frame()).toContain(`${entry.key.char} ${entry.key.hint}`);
  });
});
