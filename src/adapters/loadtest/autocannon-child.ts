import autocannon from 'autocannon';
import { LatencyHistogram, type HistogramData } from '../../core/loadtest/latency-histogram.js';
import { CAPS, type RunPlan } from '../../core/loadtest/run-plan.js';

/**
 * The built-in engine's own process: autocannon with no progress bar, driven over IPC by
 * builtin-engine.ts, which may run several and add their parts up. Messages out: progress (once
 * a second), done (this process's part), failed (a reason).
 */

/** What one engine process measured. */
export interface EnginePart {
  readonly completed: number;
  readonly failed: number;
  readonly non2xx: number;
  readonly bytes: number;
  /** From the start to the last response. */
  readonly seconds: number;
  readonly histogram: HistogramData;
}

export type ChildRequest = { readonly type: 'start'; readonly plan: RunPlan } | { readonly type: 'stop' };

export type ChildMessage =
  | { readonly type: 'progress'; readonly elapsedMs: number; readonly completed: number; readonly currentRps: number; readonly errors: number }
  | { readonly type: 'done'; readonly part: EnginePart }
  | { readonly type: 'failed'; readonly reason: string };

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

/** Give up early when the target answers nothing: this many errors before the first response. */
const REFUSED_AFTER = 20;

function start(plan: RunPlan): void {
  const histogram = new LatencyHistogram();
  const statuses = { non2xx: 0 };
  let completed = 0;
  let bytes = 0;
  let errors = 0;
  let firstError: string | undefined;
  let gaveUp = false;
  const began = performance.now();
  let lastResponseAt = began;
  // autocannon's `amount` miscounts when the server closes each connection (it writes the next
  // request into the closing socket and counts it), so without keep-alive the count is ours.
  const stopAt = !plan.keepAlive && plan.limit.kind === 'requests' ? plan.limit.requests : undefined;

  const instance = autocannon(
    {
      url: plan.url,
      method: plan.method,
      headers: { ...plan.headers, ...(!plan.keepAlive && { connection: 'close' }) },
      ...(plan.body !== undefined && { body: plan.body }),
      connections: plan.concurrency,
      pipelining: 1,
      timeout: 30,
      // autocannon notices the end only on a sample tick; a short one keeps short runs honest.
      sampleInt: 100,
      ...(stopAt !== undefined ? { duration: CAPS.maxDurationSeconds } : plan.limit.kind === 'requests' ? { amount: plan.limit.requests } : { duration: plan.limit.seconds }),
    },
    (error: Error | null) => {
      clearInterval(ticker);
      // Until the last response: the wait for autocannon's next tick is not part of the run.
      const seconds = (lastResponseAt - began) / 1000;
      if (error !== null) return send({ type: 'failed', reason: error.message });
      if (gaveUp || completed === 0) {
        return send({ type: 'failed', reason: `${new URL(plan.url).host} did not answer: ${firstError ?? 'no response'}` });
      }
      send({
        type: 'done',
        part: { completed, failed: errors, non2xx: statuses.non2xx, bytes, seconds, histogram: histogram.toData() },
      });
    },
  );

  instance.on('response', (client: autocannon.Client, statusCode: number, resBytes: number, responseTime: number) => {
    if (stopAt !== undefined && completed >= stopAt) return destroy(client);
    completed++;
    if (completed === stopAt) {
      instance.stop();
      destroy(client);
    }
    lastResponseAt = performance.now();
    bytes += resBytes;
    if (statusCode < 200 || statusCode > 299) statuses.non2xx++;
    histogram.record(responseTime);
  });
  instance.on('reqError', (error: Error) => {
    errors++;
    firstError ??= error.message;
    if (completed === 0 && errors >= REFUSED_AFTER && !gaveUp) {
      gaveUp = true;
      instance.stop();
    }
  });

  let lastCompleted = 0;
  let lastAt = began;
  const ticker = setInterval(() => {
    const now = performance.now();
    const currentRps = ((completed - lastCompleted) * 1000) / Math.max(1, now - lastAt);
    lastCompleted = completed;
    lastAt = now;
    send({ type: 'progress', elapsedMs: now - began, completed, currentRps, errors });
  }, 1000);

  process.on('message', (message: ChildRequest) => {
    if (message.type === 'stop') instance.stop();
  });
}

process.once('message', (message: ChildRequest) => {
  if (message.type === 'start') start(message.plan);
});
process.on('disconnect', () => process.exit(0));

/** Ends one autocannon connection now (its `destroy` is not in the published types). */
function destroy(client: unknown): void {
  (client as { destroy(): void }).destroy();
}
