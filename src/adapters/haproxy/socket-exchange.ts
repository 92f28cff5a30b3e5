import type { Duplex } from 'node:stream';
import { fail, ok, type Outcome } from '../ssh/transport.js';

/** A `show stat` of a few hundred servers is well under this; more means something is wrong. */
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/**
 * One command on one connection: HAProxy's CLI (not in interactive mode) answers and closes the
 * socket, so the reply is everything read until the close. The stream is always destroyed.
 */
export function exchange(stream: Duplex, line: string, options: { timeoutMs: number; what: string }): Promise<Outcome<string>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (outcome: Outcome<string>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      finish(fail('timeout', `${options.what}: no complete reply within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    stream.on('data', (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_REPLY_BYTES) finish(fail('closed', `${options.what}: reply larger than ${MAX_REPLY_BYTES} bytes`));
      else chunks.push(buffer);
    });
    const done = (): void => finish(ok(Buffer.concat(chunks).toString('utf8')));
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', (err: Error) => finish(fail('closed', `${options.what}: ${err.message}`)));
    // Half-close after the line: the master CLI only answers and closes once its input ends.
    stream.end(`${line}\n`);
  });
}
