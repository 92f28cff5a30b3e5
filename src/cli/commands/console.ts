import type { CommandContext } from '../command.js';

export async function run(ctx: CommandContext): Promise<number> {
  ctx.stderr.write('picon: `console` is not built yet\n');
  return 1;
}
