import { createInterface } from 'node:readline/promises';

/** A `[y/N]` question on the terminal; anything but y/yes (or end of input) is no. */
export function terminalConfirm(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): (question: string) => Promise<boolean> {
  return async (question) => {
    const rl = createInterface({ input: stdin, output: stderr, terminal: stdin.isTTY === true });
    try {
      const answer = await new Promise<string>((resolve) => {
        rl.once('close', () => resolve(''));
        rl.question(`${question} [y/N] `).then(resolve, () => resolve(''));
      });
      return /^\s*y(es)?\s*$/i.test(answer);
    } finally {
      rl.close();
    }
  };
}
