import { parseArgs } from 'node:util';
import { createKnownHostsWarner } from '../../adapters/ssh/known-hosts-warnings.js';
import { createBlessedScreen } from '../../adapters/wallboard/blessed-screen.js';
import { createLastRunReader } from '../../adapters/loadtest/last-run-reader.js';
import { startWallboard } from '../../views/wallboard/wallboard-view.js';
import type { CommandContext } from '../command.js';
import { terminalPassphrasePrompt } from '../passphrase-prompt.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from '../exit-codes.js';
import { createRuntime } from '../runtime.js';

/**
 * `picon wall`: the full-screen read-only wallboard (blessed). This module must never load Ink
 * or React (test/unit/wallboard-module-graph.test.ts checks the import graph).
 */
export async function run(ctx: CommandContext): Promise<number> {
  try {
    parseArgs({ args: [...ctx.args], options: {}, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`wall: ${(error as Error).message}`, 'usage: picon wall   (q or Ctrl-C quits)');
  }
  if (ctx.stdout.isTTY !== true || ctx.stdin.isTTY !== true) {
    const which = ctx.stdout.isTTY !== true ? 'stdout' : 'stdin';
    ctx.stderr.write(`picon: wall needs a terminal (${which} is not a TTY); for a one-shot text view run \`picon status\`\n`);
    return EXIT_BAD_INPUT;
  }
  const runtime = createRuntime(ctx);
  const profile = await runtime.profile();
  // Passphrases are asked on the plain terminal before the board takes it; once it has, nothing
  // asks (a key first needed later fails with its reason on the board: use ssh-agent).
  const ask = terminalPassphrasePrompt(ctx);
  let boardShown = false;
  const passphrasePrompt = ask === undefined ? undefined : (file: string) => (boardShown ? Promise.resolve(undefined) : ask(file));
  // known_hosts warnings wait for the board's events pane (the terminal is the board's by then).
  const knownHostsWarner = createKnownHostsWarner();
  await runtime.connections({ reconnect: true, unlockKeysFirst: true, knownHostsWarner, ...(passphrasePrompt !== undefined && { passphrasePrompt }) });
  boardShown = true;
  const monitor = await runtime.monitor({ intervalMs: 1000 });
  knownHostsWarner.attach((text) => monitor.store.dispatch({ type: 'log', at: Date.now(), level: 'warn', text }));
  const lastRun = createLastRunReader(await runtime.historyFile(), profile.name);
  const term = ctx.env['TERM'];
  const screen = createBlessedScreen({ input: ctx.stdin, output: ctx.stdout, ...(term !== undefined && term !== '' && { terminal: term }) });
  const wall = startWallboard({ screen, state: monitor.getState, loadTests: lastRun.current });
  const stopOnSignal = (): void => wall.stop();
  const signals = ['SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, stopOnSignal);
  monitor.start();
  lastRun.start();
  try {
    await wall.quit;
  } finally {
    wall.stop();
    lastRun.stop();
    monitor.stop();
    runtime.close();
    for (const s of signals) process.off(s, stopOnSignal);
    ctx.stdin.pause();
  }
  return EXIT_OK;
}
