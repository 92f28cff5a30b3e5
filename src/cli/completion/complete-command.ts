import { COMMANDS, CONSOLE_FLAGS, GLOBAL_FLAGS } from '../commands.js';
import { completionCandidates } from './candidates.js';
import { profileValues } from './profile-values.js';

/**
 * `picon __complete -- WORD... CURRENT` (hidden; the shell scripts call it): one candidate a
 * line, `value<TAB>help` where there is help, or `:files` / `:dirs`. Never fails loudly: any
 * error is no candidates and exit 0, so a broken profile never spoils the shell's line.
 */
export async function runComplete(argv: readonly string[], ctx: { env: NodeJS.ProcessEnv; packageRoot: string; stdout: NodeJS.WritableStream }): Promise<number> {
  const words = argv[0] === '--' ? argv.slice(1) : argv;
  const before = words.slice(0, -1);
  const current = words[words.length - 1] ?? '';
  try {
    const table = { commands: COMMANDS, globalFlags: GLOBAL_FLAGS, consoleFlags: CONSOLE_FLAGS };
    const found = await completionCandidates(table, before, current, profileValues(ctx));
    const oneLine = (text: string) => text.replace(/[\t\n\r]+/g, ' ');
    ctx.stdout.write(found.map((c) => (c.help === undefined ? `${oneLine(c.value)}\n` : `${oneLine(c.value)}\t${oneLine(c.help)}\n`)).join(''));
  } catch {
    // no candidates
  }
  return 0;
}
