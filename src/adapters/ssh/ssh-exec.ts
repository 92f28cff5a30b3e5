import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Client, SFTPWrapper } from 'ssh2';
import { byteSize } from '../../core/present/byte-size.js';
import type { RemoteCommand } from '../../core/remote/shell-quote.js';
import { fail, ok, type ExecOptions, type ExecResult, type Outcome } from '../../core/ports/node-transport.js';

/** What an exec may print (stdout and stderr together) unless it sets `maxOutputBytes`. */
export const DEFAULT_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;


/** A command as an error line names it: a long script by its first 100 characters. */
function shortCommand(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= 100 ? line : `${line.slice(0, 99)}…`;
}

/**
 * Runs one command as a channel; the channel is always closed, whatever happens. Output past the
 * limit is never cut and returned as if whole: the channel is closed and the outcome is a
 * 'too-large' failure naming the command.
 */
export function runExec(
  client: Client,
  node: string,
  command: RemoteCommand,
  timeoutMs: number,
  options: ExecOptions,
): Promise<Outcome<ExecResult>> {
  return new Promise((resolve) => {
    let settled = false;
    let channel: { close(): void; destroy(): void } | undefined;
    const finish = (outcome: Outcome<ExecResult>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const stop = (): void => {
      try {
        channel?.close();
      } catch {
        channel?.destroy();
      }
    };
    const timer = setTimeout(() => {
      stop();
      finish(fail('timeout', `${node}: command timed out after ${timeoutMs} ms: ${command.text}`));
    }, timeoutMs);
    const onAbort = (): void => {
      stop();
      finish(fail('aborted', `${node}: cancelled`));
    };
    if (options.signal?.aborted === true) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort);

    // ssh2 throws at once ("Not connected") when the connection has just gone.
    try {
      startExec();
    } catch (error) {
      finish(fail('closed', `${node}: connection closed (${(error as Error).message})`));
    }

    function startExec(): void {
      client.exec(command.text, (err, stream) => {
        if (err) {
          finish(fail('channel', `${node}: could not run a command: ${err.message}`));
          return;
        }
        channel = stream;
        if (settled) {
          stop();
          return;
        }
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let size = 0;
        let code: number | null = null;
        let signal: string | null = null;
        const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
        const collect = (into: Buffer[]) => (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size <= limit) {
            into.push(chunk);
            return;
          }
          out.length = 0;
          errOut.length = 0;
          stop();
          finish(fail('too-large', `${node}: \`${shortCommand(command.text)}\` printed more than ${byteSize(limit)}; refused`));
        };
        stream.on('data', options.collectStdout === false ? () => undefined : collect(out));
        if (options.onStdout !== undefined) {
          const onStdout = options.onStdout;
          const decoder = new StringDecoder('utf8');
          stream.on('data', (chunk: Buffer) => {
            if (!settled) onStdout(decoder.write(chunk));
          });
        }
        stream.stderr.on('data', collect(errOut));
        stream.on('exit', (c: number | null, s?: string) => {
          code = typeof c === 'number' ? c : null;
          signal = s ?? null;
        });
        stream.on('close', () => {
          finish(
            ok({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') }),
          );
        });
        const hold = options.holdStdinUntil;
        if (hold === undefined) {
          if (options.stdin !== undefined) stream.end(options.stdin);
          else stream.end();
          return;
        }
        if (options.stdin !== undefined) stream.write(options.stdin);
        options.stdinWriter?.((text) => {
          if (!stream.writableEnded && !stream.destroyed) stream.write(text);
        });
        const release = (): void => {
          if (!stream.writableEnded) stream.end();
        };
        if (hold.aborted) release();
        else {
          hold.addEventListener('abort', release, { once: true });
          stream.on('close', () => hold.removeEventListener('abort', release));
        }
      });
    }
  });
}

/** Opens a forwarding channel (streamlocal or direct-tcpip) with a timeout; a late stream is destroyed. */
export function openForward(
  client: Client,
  node: string,
  what: string,
  timeoutMs: number,
  open: (client: Client, cb: (err: Error | undefined, stream: Duplex) => void) => void,
): Promise<Outcome<Duplex>> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      resolve(fail('timeout', `${node}: ${what} not opened within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      open(client, (err, stream) => {
        clearTimeout(timer);
        if (settled) {
          stream?.destroy();
          return;
        }
        settled = true;
        if (err) resolve(fail('channel', `${node}: ${what} refused: ${err.message}`));
        else resolve(ok(stream));
      });
    } catch (error) {
      clearTimeout(timer);
      settled = true;
      resolve(fail('closed', `${node}: connection closed (${(error as Error).message})`));
    }
  });
}

/** Opens the SFTP subsystem; refused is a 'channel' outcome, a connection gone under it 'closed'. */
export function openSftp(client: Client, node: string): Promise<Outcome<SFTPWrapper>> {
  return new Promise((resolve) => {
    try {
      client.sftp((err, sftp) => {
        if (err !== undefined && err !== null) resolve(fail('channel', `${node}: SFTP refused: ${err.message}`));
        else resolve(ok(sftp));
      });
    } catch (error) {
      resolve(fail('closed', `${node}: connection closed (${(error as Error).message})`));
    }
  });
}
