import { execFile } from 'node:child_process';
import { eventually } from './lab.js';

/**
 * A private tmux server (its own socket, no config) to run a program on a real terminal as a
 * person would: send-keys in, capture-pane out.
 *
 *   const t = tmuxServer(`picon-x-${process.pid}`);
 *   await t.start('main', 120, 40, 'picon status; echo EXITED $?; sleep 60', { PICON_CONFIG_DIR: dir });
 *   await t.waitScreen('main', 'the prompt', (s) => s.includes('passphrase'));
 *   await t.keys('main', 'secret', 'Enter');
 *   await t.kill();
 */
export interface TmuxServer {
  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** A detached session of that size running `command` (through the shell), with `env` set. */
  start(session: string, columns: number, rows: number, command: string, env?: Readonly<Record<string, string>>): Promise<void>;
  screen(session: string): Promise<string>;
  /** Each key on its own send-keys, as a person types. */
  keys(session: string, ...keys: string[]): Promise<void>;
  /** Text typed as is (send-keys -l), not read as key names. */
  type(session: string, text: string): Promise<void>;
  /** Waits for a screen that passes test; on timeout the error shows the last screen. */
  waitScreen(session: string, what: string, test: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

export function tmuxServer(socket: string): TmuxServer {
  const run: TmuxServer['run'] = (...args) =>
    new Promise((resolve) => {
      const child = execFile('tmux', ['-L', socket, '-f', '/dev/null', ...args], { timeout: 10_000 }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
      );
      child.stdin?.end();
    });
  const screen = async (session: string): Promise<string> => (await run('capture-pane', '-p', '-t', session)).stdout;
  return {
    run,
    screen,
    async start(session, columns, rows, command, env = {}) {
      const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      const r = await run('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), ...envArgs, command);
      if (r.code !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
    },
    async keys(session, ...keys) {
      for (const k of keys) await run('send-keys', '-t', session, k);
    },
    async type(session, text) {
      await run('send-keys', '-t', session, '-l', text);
    },
    async waitScreen(session, what, test, timeoutMs = 15_000) {
      let last = '';
      try {
        return await eventually(what, async () => {
          last = await screen(session);
          return test(last) ? last : undefined;
        }, timeoutMs, 50);
      } catch (error) {
        throw new Error(`${(error as Error).message}; the screen was:\n${last}`);
      }
    },
    async kill() {
      await run('kill-server');
    },
  };
}
