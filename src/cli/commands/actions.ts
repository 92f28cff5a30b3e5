import type { CommandContext, CommandModule } from '../command.js';

const notYet = (name: string): CommandModule => ({
  run: async (ctx: CommandContext) => {
    ctx.stderr.write(`picon: \`${name}\` is not built yet\n`);
    return 1;
  },
});

export const drain = notYet('drain');
export const ready = notYet('ready');
export const maint = notYet('maint');
export const weight = notYet('weight');
export const restart = notYet('restart');
