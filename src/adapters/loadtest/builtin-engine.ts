import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { combineKinds } from '../../core/loadtest/kind-results.js';
import { prepareRun, type PreparedRun } from '../../core/loadtest/prepared-run.js';
import { LatencyHistogram } from '../../core/loadtest/latency-histogram.js';
import type { LoadTestResult } from '../../core/loadtest/load-test-result.js';
import { CAPS, type RunPlan } from '../../core/loadtest/run-plan.js';
import { scheduledRequests } from '../../core/loadtest/send-schedule.js';
import { engineCancelled, engineFailed, type EngineOutcome, type EngineRun, type LoadTestEngine } from './engine.js';
import { SHARED_COMPLETED, SHARED_ERRORS, SHARED_SLOTS, type EnginePart } from './socket-load.js';
import type { FromWorker, ToWorker, WorkerSetup } from './socket-worker.js';
import { checkCertificate } from './tls-check.js';

/**
 * The built-in engine: plain sockets and picon's own HTTP/1.1 response parser, in worker threads
 * (see defaultThreads), so the console's event loop stays free and a cancel can close every
 * socket at once. Needs no external binary.
 */

const MAX_THREADS = 4;

/**
 * One thread per core but one, at least 1 and at most 4: a core stays free for the console and,
 * on a lab, for the servers. On the 2-core lab one thread cost 15 % less CPU per request than
 * two and got more req/s out of HAProxy (docs/benchmarks.md); one thread drives 100k+ req/s.
 */
export function defaultThreads(cores: number): number {
  return Math.max(1, Math.min(MAX_THREADS, cores - 1));
}
const REQUEST_TIMEOUT_MS = 30_000;

/** The compiled worker script (tests running from src/ use the one in dist/). */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'socket-worker.js');
  if (!here.endsWith('.ts') && existsSync(sibling)) return sibling;
  return path.resolve(path.dirname(here), '..', '..', '..', 'dist', 'adapters', 'loadtest', 'socket-worker.js');
}

/** Past this the run is stopped as timed out: the duration (or the duration cap) plus slack. */
export function builtinTimeoutMs(run: EngineRun): number {
  const seconds = run.plan.limit.kind === 'duration' ? run.plan.limit.seconds : CAPS.maxDurationSeconds;
  return (seconds + 35) * 1000;
}

/** The connections each thread opens: `concurrency` shared out as evenly as whole numbers allow. */
export function shareConnections(concurrency: number, threads: number): number[] {
  const n = Math.max(1, Math.min(threads, concurrency));
  return Array.from({ length: n }, (_, i) => Math.floor(concurrency / n) + (i < concurrency % n ? 1 : 0));
}

export function combineParts(plan: RunPlan, parts: readonly EnginePart[]): LoadTestResult {
  const histogram = new LatencyHistogram();
  for (const p of parts) histogram.merge(p.histogram);
  const sum = (f: (p: EnginePart) => number): number => parts.reduce((s, p) => s + f(p), 0);
  const seconds = Math.max(...parts.map((p) => p.seconds), 1e-6);
  const completed = sum((p) => p.completed);
  const { limit, rate } = plan;
  const scheduled = limit.kind === 'requests' ? limit.requests : scheduledRequests(rate ?? 0, plan.concurrency, limit.seconds * 1000);
  const at = (p: number): number | null => histogram.percentile(p);
  return {
    engine: 'builtin',
    threads: parts.length,
    target: plan.url,
    ...(plan.preset !== undefined && { preset: plan.preset }),
    concurrency: plan.concurrency,
    requestsPerSecond: completed / seconds,
    meanTimePerRequestMs: histogram.mean() ?? 0,
    latency: { p50Ms: at(50), p90Ms: at(90), p95Ms: at(95), p99Ms: at(99), p999Ms: at(99.9), maxMs: histogram.max() },
    ...(rate !== undefined && { fixedRate: { targetPerSecond: rate, scheduled, sent: sum((p) => p.sent) } }),
    completed,
    failed: sum((p) => p.failed),
    non2xx: sum((p) => p.non2xx),
    transferBytesPerSecond: Math.round(sum((p) => p.bytes) / seconds),
    durationSeconds: seconds,
    ...(plan.mix !== undefined && { kinds: combineKinds(plan.mix, parts.map((p) => p.kinds ?? [])) }),
  };
}

export interface BuiltinEngineOptions {
  readonly script?: string;
  readonly timeoutMs?: (run: EngineRun) => number;
  /** Default: defaultThreads(cores). */
  readonly threads?: number;
  /** A request with no response after this long counts as failed. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** The certificates (PEM) an https target is checked against instead of Node's built-in CA list (e.g. a cluster's own CA). */
  readonly ca?: string;
}

export function builtinEngine(options: BuiltinEngineOptions = {}): LoadTestEngine {
  return async (run) => {
    const prepared = prepareRun(run.plan);
    if (!prepared.ok) return engineFailed(prepared.reason);
    if (prepared.run.request.tls && run.plan.insecure !== true) {
      const untrusted = await checkCertificate(run.plan.url, prepared.run.request, { ...(options.ca !== undefined && { ca: options.ca }) });
      if (untrusted !== undefined) return engineFailed(untrusted);
    }
    return runThreads(run, prepared.run, options);
  };
}

function runThreads(run: EngineRun, prepared: PreparedRun, options: BuiltinEngineOptions): Promise<EngineOutcome> {
  return new Promise<EngineOutcome>((resolve) => {
    if (run.signal?.aborted === true) return resolve(engineCancelled());
    const script = options.script ?? workerScript();
    if (!existsSync(script)) return resolve(engineFailed(`the built-in engine is not built (${script} is missing): run npm run build`));
    const { plan } = run;
    const host = new URL(plan.url).host;
    const sharedBuffer = new SharedArrayBuffer(SHARED_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const shared = new Int32Array(sharedBuffer);
    const split = shareConnections(plan.concurrency, plan.threads ?? options.threads ?? defaultThreads(os.availableParallelism()));
    const workers: Worker[] = [];
    const parts: EnginePart[] = [];
    let ready = 0;
    let began = 0;
    let ticker: NodeJS.Timeout | undefined;
    let settled = false;

    const finish = (outcome: EngineOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(ticker);
      run.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) {
        worker.postMessage({ type: 'stop' } satisfies ToWorker);
        // A worker that does not answer `stop` (busy, or stuck) is ended outright.
        setTimeout(() => void worker.terminate(), 1000).unref();
      }
      resolve(outcome);
    };
    const onAbort = (): void => finish(engineCancelled());
    run.signal?.addEventListener('abort', onAbort);
    const limitMs = (options.timeoutMs ?? builtinTimeoutMs)(run);
    const timer = setTimeout(() => finish(engineFailed(`the run timed out after ${Math.round(limitMs / 1000)} s`)), limitMs);

    const go = (): void => {
      began = performance.now();
      for (const worker of workers) worker.postMessage({ type: 'go' } satisfies ToWorker);
      let last = { at: began, completed: 0 };
      ticker = setInterval(() => {
        const now = performance.now();
        const completed = Atomics.load(shared, SHARED_COMPLETED);
        const currentRps = ((completed - last.completed) * 1000) / Math.max(1, now - last.at);
        last = { at: now, completed };
        run.onProgress?.({ elapsedMs: now - began, completed, currentRps, errors: Atomics.load(shared, SHARED_ERRORS) });
      }, 1000);
    };

    const ended = (message: Extract<FromWorker, { type: 'end' }>): void => {
      const { end } = message;
      if (!end.ok) return finish(engineFailed(`${host} did not answer: ${end.unanswered}`));
      parts.push(end.part);
      if (parts.length < workers.length) return;
      if (parts.every((p) => p.completed === 0)) {
        return finish(engineFailed(`${host} did not answer: ${parts.find((p) => p.firstError !== undefined)?.firstError ?? 'no response'}`));
      }
      finish({ ok: true, result: combineParts(plan, parts) });
    };

    let firstConnection = 0;
    for (const connections of split) {
      const rate = plan.rate === undefined ? undefined : { perSecond: plan.rate, firstConnection, connections: plan.concurrency };
      firstConnection += connections;
      const setup: WorkerSetup = {
        request: prepared.request,
        ...(prepared.mix !== undefined && { mix: prepared.mix }),
        ...(plan.insecure === true && { insecure: true }),
        connections,
        ...(plan.limit.kind === 'requests' ? { requests: plan.limit.requests } : { durationMs: plan.limit.seconds * 1000 }),
        ...(rate !== undefined && { rate }),
        requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
        shared: sharedBuffer,
        ...(options.ca !== undefined && { ca: options.ca }),
      };
      // V8's default young generation (3 × 16 MB semi-spaces), whatever bin/picon's flags give
      // the main thread: a load generator makes garbage at its request rate.
      const worker = new Worker(script, { workerData: setup, stdout: true, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready' && ++ready === split.length) go();
        else if (message.type === 'end') ended(message);
        else if (message.type === 'stopped') void worker.terminate();
      });
      worker.on('error', (error) => finish(engineFailed(`the built-in engine stopped: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled) finish(engineFailed(`the built-in engine stopped (thread exit ${code})`));
      });
    }
  });
}
