import type { PassphrasePrompt } from '../adapters/ssh/identity.js';
import type { CommandContext } from './command.js';

/**
 * Asks for a key's passphrase on the terminal without echo. Never stored, never logged; without
 * a terminal the key is skipped (undefined).
 */
export function terminalPassphrasePrompt(ctx: Pick<CommandContext, 'stdin' | 'stderr'>): PassphrasePrompt | undefined {
  const { stdin, stderr } = ctx;
  if (!stdin.isTTY) return undefined;
  let queue = Promise.resolve<string | undefined>(undefined);
  const ask = (file: string): Promise<string | undefined> =>
    new Promise((resolve) => {
      stderr.write(`Enter passphrase for key '${file}': `);
      let typed = '';
      const wasRaw = stdin.isRaw;
      stdin.setRawMode(true);
      stdin.resume();
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(typed);
          if (ch === '\u0003' || ch === '\u001b') return done(undefined);
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      const done = (value: string | undefined): void => {
        stdin.off('data', onData);
        stdin.setRawMode(wasRaw);
        stdin.pause();
        stderr.write('\n');
        resolve(value);
      };
      stdin.on('data', onData);
    });
  // One prompt at a time, even when several connections need keys at once.
  return (file) => {
    const next = queue.then(() => ask(file));
    queue = next.catch(() => undefined);
    return next;
  };
}
