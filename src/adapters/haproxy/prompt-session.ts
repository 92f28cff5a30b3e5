import type { ByteStream } from '../../core/ports/byte-stream.js';
import { fail, ok, type Outcome } from '../../core/ports/node-transport.js';

/**
 * One long-lived connection to an HAProxy CLI socket in prompt mode: `prompt` once, then every
 * command's reply ends with the prompt line ("> " on a stats socket, "master> " on the master
 * CLI), so one stream carries command after command — no channel to open per poll. Commands
 * queue and go one at a time. The reply is the text before the prompt, the same text a
 * one-command connection gets. When HAProxy closes the connection (idle timeout, reload, an
 * unknown worker on the master CLI) the command in flight gets what was read, and the next
 * command opens a new connection.
 */

export interface PromptSession {
  send(line: string, timeoutMs: number): Promise<Outcome<string>>;
  close(): void;
}

export type OpenStream = (timeoutMs: number) => Promise<Outcome<ByteStream>>;

/** A prompt is a last line of name characters ending in "> " with nothing after it. */
const PROMPT_AT_END = /(?:^|\n)([\w.@-]*> )$/;
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

interface Pending {
  readonly line: string;
  readonly timeoutMs: number;
  readonly resolve: (outcome: Outcome<string>) => void;
}

interface Live {
  readonly stream: ByteStream;
  /** Set while a command (or the opening `prompt`) waits for its reply. */
  waiting?: { readonly resolve: (outcome: Outcome<string>) => void; timer: NodeJS.Timeout };
  chunks: Buffer[];
  size: number;
  closed: boolean;
}

/** The reply before the prompt, once the prompt has arrived. */
export function replyBeforePrompt(text: string): string | undefined {
  const tail = text.length > 256 ? text.slice(-256) : text;
  const match = PROMPT_AT_END.exec(tail);
  return match?.[1] === undefined ? undefined : text.slice(0, text.length - match[1].length);
}

/** A connection unused this long is closed (a poller keeps its own open; one-off clients do not leak theirs). */
const IDLE_CLOSE_MS = 5_000;

export function createPromptSession(open: OpenStream, what: string, idleCloseMs = IDLE_CLOSE_MS): PromptSession {
  let live: Live | undefined;
  const queue: Pending[] = [];
  let busy = false;
  let idle: NodeJS.Timeout | undefined;

  function settle(session: Live, outcome: Outcome<string>): void {
    const waiting = session.waiting;
    if (waiting === undefined) return;
    session.waiting = undefined;
    clearTimeout(waiting.timer);
    session.chunks = [];
    session.size = 0;
    waiting.resolve(outcome);
  }

  function drop(session: Live): void {
    session.closed = true;
    if (live === session) live = undefined;
    session.stream.destroy();
  }

  function attach(stream: ByteStream): Live {
    const session: Live = { stream, chunks: [], size: 0, closed: false };
    stream.on('data', (chunk: Uint8Array | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      session.size += buffer.length;
      if (session.size > MAX_REPLY_BYTES) {
        settle(session, fail('closed', `${what}: reply larger than ${MAX_REPLY_BYTES} bytes`));
        drop(session);
        return;
      }
      session.chunks.push(buffer);
      const reply = replyBeforePrompt(Buffer.concat(session.chunks).toString('utf8'));
      if (reply !== undefined) settle(session, ok(reply));
    });
    const ended = (): void => {
      const text = Buffer.concat(session.chunks).toString('utf8');
      drop(session);
      settle(session, text.length > 0 ? ok(text) : fail('closed', `${what}: HAProxy closed the connection without a reply`));
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', (err: Error) => {
      drop(session);
      settle(session, fail('closed', `${what}: ${err.message}`));
    });
    return session;
  }

  function exchange(session: Live, line: string, timeoutMs: number): Promise<Outcome<string>> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle(session, fail('timeout', `${what}: no complete reply within ${timeoutMs} ms`));
        drop(session);
      }, timeoutMs);
      session.waiting = { resolve, timer };
      session.stream.write(`${line}\n`);
    });
  }

  async function connect(timeoutMs: number): Promise<Outcome<Live>> {
    const stream = await open(timeoutMs);
    if (!stream.ok) return stream;
    const session = attach(stream.value);
    const greeting = await exchange(session, 'prompt', timeoutMs);
    if (!greeting.ok) return greeting;
    if (session.closed) return fail('closed', `${what}: the CLI did not enter prompt mode`);
    return ok(session);
  }

  async function run(line: string, timeoutMs: number): Promise<Outcome<string>> {
    const reused = live !== undefined;
    if (live === undefined) {
      const opened = await connect(timeoutMs);
      if (!opened.ok) return opened;
      live = opened.value;
    }
    const reply = await exchange(live, line, timeoutMs);
    // A kept connection HAProxy had already closed (idle timeout, reload): once more on a new one.
    if (!reply.ok && reply.error.kind === 'closed' && reused) return run(line, timeoutMs);
    return reply;
  }

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    clearTimeout(idle);
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) next.resolve(await run(next.line, next.timeoutMs));
    busy = false;
    idle = setTimeout(() => {
      if (live !== undefined) drop(live);
    }, idleCloseMs);
    idle.unref();
  }

  return {
    send(line, timeoutMs) {
      return new Promise((resolve) => {
        queue.push({ line, timeoutMs, resolve });
        void pump();
      });
    },
    close() {
      clearTimeout(idle);
      if (live !== undefined) drop(live);
    },
  };
}
