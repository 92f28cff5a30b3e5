import type { RemoteCommand } from '../../core/remote/shell-quote.js';
import type { ExecResult, NodeTransport } from '../../core/ports/node-transport.js';

/** One shell command on a node: exit 0 is success; anything else is a one-line reason. */

// Not a Result: a failed step still carries the command's output.
export type StepResult = { readonly ok: true; readonly result: ExecResult } | { readonly ok: false; readonly reason: string; readonly result?: ExecResult };

/** The last few non-empty lines of output, joined: what a person needs to see why. */
export function outputTail(text: string, lines = 3): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-lines)
    .join(' | ');
}

export async function runStep(transport: NodeTransport, command: RemoteCommand, options: { timeoutMs: number; stdin?: string; maxOutputBytes?: number }): Promise<StepResult> {
  const r = await transport.exec(command, {
    timeoutMs: options.timeoutMs,
    ...(options.stdin !== undefined && { stdin: options.stdin }),
    ...(options.maxOutputBytes !== undefined && { maxOutputBytes: options.maxOutputBytes }),
  });
  if (!r.ok) return { ok: false, reason: r.error.message };
  const { code, signal } = r.value;
  if (code === 0) return { ok: true, result: r.value };
  const why = outputTail(`${r.value.stdout}\n${r.value.stderr}`) || 'no output';
  const ended = code === null ? `was ended by ${signal ?? 'a signal'}` : `exited ${code}`;
  return { ok: false, reason: `${transport.node}: \`${command.text}\` ${ended}: ${why}`, result: r.value };
}
