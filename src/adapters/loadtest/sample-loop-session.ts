import { excerpt } from '../../core/health/parsed.js';
import { splitFrames } from '../../core/loadtest/sample-frames.js';
import { sampleLoopScript, tickLine } from '../../core/loadtest/sample-loop.js';
import type { SampleWants } from '../../core/loadtest/sample-command.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';

/**
 * One node's sampling loop (sample-loop.ts) for a run: started with the first sample, it lives as
 * one exec whose stdin picon holds; each sample writes one tick line and waits for its frame. The
 * loop ends when picon lets go of its stdin (`close`), or with picon's connection. A loop that
 * ended under a run (a lost connection, a node's sshd gone) fails the samples waiting on it, and
 * the next sample starts a new one — so a node that comes back is sampled again.
 */

export interface SampleLoopSession {
  /** The frame's body for this sample, or why there is none (a timeout, the loop ended, malformed output). */
  sample(wants: SampleWants, timeoutMs: number): Promise<{ readonly body: string } | string>;
  /** Lets go of the loop's stdin: the remote loop ends. Samples still waiting fail. */
  close(): void;
}

/** How long one loop may live: longer than any run (300 s cap); past it the next sample starts another. */
const LOOP_MS = 6 * 60 * 60 * 1000;

/** After EOF, how long the loop has to end its channel before picon closes it. */
const CLOSE_GRACE_MS = 1_000;

interface Waiting {
  readonly resolve: (answer: { readonly body: string } | string) => void;
  readonly timer: NodeJS.Timeout;
}

export function openSampleLoop(transport: NodeTransport, node: string, options: { readonly netDev: boolean }): SampleLoopSession {
  const script = sampleLoopScript(options);
  const waiting = new Map<number, Waiting>();
  let seq = 0;
  let closed = false;
  let loop: { readonly hold: AbortController; readonly stop: AbortController; write?: (text: string) => void; readonly queued: string[] } | undefined;
  let buffer = '';

  const answer = (n: number, value: { readonly body: string } | string): void => {
    const w = waiting.get(n);
    if (w === undefined) return;
    waiting.delete(n);
    clearTimeout(w.timer);
    w.resolve(value);
  };
  const failAll = (reason: string): void => {
    for (const n of [...waiting.keys()]) answer(n, reason);
  };

  function onStdout(text: string): void {
    const split = splitFrames(buffer + text);
    buffer = split.rest;
    for (const event of split.events) {
      // A frame nobody waits for any more (it came after its timeout) is dropped.
      if (event.kind === 'frame') answer(event.seq, { body: event.body });
      else if (event.kind === 'refused') failAll(`${node}: the sampling loop refused tick ${excerpt(event.seq)}`);
      else {
        // Output that belongs to no frame is put down to the oldest sample still waiting.
        const of = event.seq ?? Math.min(...waiting.keys());
        answer(of, `${node}: the sampling loop printed something unexpected (${event.reason})`);
      }
    }
  }

  let grace: NodeJS.Timeout | undefined;

  function start(): NonNullable<typeof loop> {
    const started: NonNullable<typeof loop> = { hold: new AbortController(), stop: new AbortController(), queued: [] };
    loop = started;
    buffer = '';
    void transport
      .exec(script, {
        timeoutMs: LOOP_MS,
        holdStdinUntil: started.hold.signal,
        signal: started.stop.signal,
        stdinWriter: (write) => {
          started.write = write;
          for (const line of started.queued.splice(0)) write(line);
        },
        onStdout,
        collectStdout: false,
        // Once it has answered, the loop only waits: it gives its session slot back.
        releaseSlotOnOutput: true,
      })
      .then((result) => {
        clearTimeout(grace);
        if (loop === started) loop = undefined;
        if (started.hold.signal.aborted) return;
        const why = !result.ok
          ? result.error.message
          : `${node}: the sampling loop ended (${result.value.code !== null ? `exit ${result.value.code}` : `signal ${result.value.signal ?? '?'}`})${result.value.stderr.trim() !== '' ? `: ${excerpt(result.value.stderr.trim(), 80)}` : ''}`;
        failAll(why);
      });
    return started;
  }

  return {
    sample(wants, timeoutMs) {
      if (closed) return Promise.resolve(`${node}: sampling has ended`);
      seq += 1;
      const n = seq;
      return new Promise((resolve) => {
        const timer = setTimeout(() => answer(n, `${node}: sample timed out after ${timeoutMs} ms`), timeoutMs);
        waiting.set(n, { resolve, timer });
        const current = loop ?? start();
        const line = tickLine(n, wants);
        if (current.write !== undefined) current.write(line);
        else current.queued.push(line);
      });
    },
    close() {
      closed = true;
      const ending = loop;
      ending?.hold.abort();
      // EOF ends the loop at once; a node that does not close the channel soon after (frozen) has it closed.
      if (ending !== undefined) grace = setTimeout(() => ending.stop.abort(), CLOSE_GRACE_MS);
      loop = undefined;
      failAll(`${node}: sampling has ended`);
    },
  };
}
