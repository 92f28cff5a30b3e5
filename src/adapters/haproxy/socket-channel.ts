import {
  classifySocatFailure,
  socatCommand,
  socatReason,
  socketPathProblem,
  type SocatFailure,
} from '../../core/haproxy/socat-command.js';
import { fail, ok, type NodeTransport, type Outcome } from '../../core/ports/node-transport.js';
import { createPromptSession } from './prompt-session.js';

/**
 * Sends one runtime-API line to one Unix socket on the head and returns the reply text.
 * First choice: SSH stream-local forwarding (no process on the head), one connection kept in
 * HAProxy's prompt mode for command after command. Where the server refuses
 * it, `socat` on the head, then `sudo -n socat` when the socket needs root; the way that worked
 * is remembered for the next call.
 */

export type ChannelMode = 'forward' | 'socat' | 'sudo-socat';

export interface SocketChannel {
  readonly path: string;
  send(line: string, timeoutMs: number): Promise<Outcome<string>>;
  /** How the last successful call got through. */
  mode(): ChannelMode;
}

type SocatRun = { readonly outcome: Outcome<string>; readonly failure?: SocatFailure };

export function createSocketChannel(transport: NodeTransport, path: string): SocketChannel {
  let mode: ChannelMode = 'forward';
  const what = `${transport.node}: ${path}`;

  const forwarded = createPromptSession((timeoutMs) => transport.openUnixSocket(path, { timeoutMs }), what);
  const viaForward = (line: string, timeoutMs: number): Promise<Outcome<string>> => forwarded.send(line, timeoutMs);

  async function viaSocat(line: string, timeoutMs: number, sudo: boolean): Promise<SocatRun> {
    const command = socatCommand(path, { sudo, waitSeconds: timeoutMs / 1000 });
    const run = await transport.exec(command, { timeoutMs, stdin: `${line}\n` });
    if (!run.ok) return { outcome: run };
    const { code, stdout, stderr } = run.value;
    if (code === 0) return { outcome: ok(stdout) };
    const failure = classifySocatFailure(code, stderr);
    const reason = socatReason(stderr);
    const messages: Record<SocatFailure, string> = {
      permission: `${what}: permission denied (${reason})`,
      'no-socat': `${what}: stream-local forwarding refused and socat is not installed on the head`,
      'sudo-refused': `${what}: the socket needs root and sudo -n refused: ${reason}`,
      'missing-socket': `${what}: ${reason} (is HAProxy running?)`,
      other: `${what}: ${reason}`,
    };
    return { outcome: fail(failure === 'sudo-refused' ? 'auth' : 'channel', messages[failure]), failure };
  }

  async function viaSocatThenSudo(line: string, timeoutMs: number): Promise<Outcome<string>> {
    const plain = await viaSocat(line, timeoutMs, false);
    if (plain.outcome.ok) mode = 'socat';
    if (plain.failure !== 'permission') return plain.outcome;
    const sudo = await viaSocat(line, timeoutMs, true);
    if (sudo.outcome.ok) mode = 'sudo-socat';
    return sudo.outcome;
  }

  return {
    path,
    mode: () => mode,
    async send(line, timeoutMs) {
      const problem = socketPathProblem(path);
      if (problem !== undefined) return fail('channel', `${transport.node}: ${problem}`);
      if (mode === 'sudo-socat') return (await viaSocat(line, timeoutMs, true)).outcome;
      if (mode === 'socat') return viaSocatThenSudo(line, timeoutMs);
      const forwarded = await viaForward(line, timeoutMs);
      if (forwarded.ok || forwarded.error.kind !== 'channel') return forwarded;
      return viaSocatThenSudo(line, timeoutMs);
    },
  };
}
