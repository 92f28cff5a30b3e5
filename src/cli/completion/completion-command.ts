import type { CommandContext } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { completionScript, SHELLS, type Shell } from './shell-scripts.js';

/** `picon completion bash|zsh|fish`: prints the script that enables completion in that shell. */
export async function run(ctx: CommandContext): Promise<number> {
  const [shell, ...extra] = ctx.args;
  if (shell === undefined || !SHELLS.includes(shell as Shell) || extra.length > 0) {
    const got = shell === undefined ? 'nothing' : `"${[shell, ...extra].join(' ')}"`;
    throw new UsageError(`completion: the shell must be bash, zsh or fish (got ${got})`, 'usage: picon completion bash|zsh|fish');
  }
  ctx.stdout.write(completionScript(shell as Shell));
  return 0;
}
