import type { CommandContext } from '../command.js';

export async function run(ctx: CommandContext): Promise<number> {
  ctx.stderr.write('picon: `trust` is not built yet\n');
  return 1;
}
