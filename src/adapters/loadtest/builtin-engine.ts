import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LatencyHistogram } from '../../core/loadtest/latency-histogram.js';
import type { LoadTestResult } from '../../core/loadtest/load-test-result.js';
import type { Progress } from '../../core/loadtest/progress-line.js';
import { CAPS, type RunPlan } from '../../core/loadtest/run-plan.js';
import type { ChildMessage, ChildRequest, EnginePart } from './autocannon-child.js';
import { engineCancelled, engineFailed, type EngineOutcome, type EngineRun, type LoadTestEngine } from './engine.js';

/**
 * The built-in engine: autocannon in child processes (one per core, at most MAX_PROCESSES), so
 * the console's event loop stays free, a single-threaded autocannon is not the bottleneck, and a
 * cancel can end it outright. Needs no external binary.
 */

const MAX_PROCESSES = 4;

/** The compiled child script (tests running from src/ use the one in dist/). */
export function childScript(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'autocannon-child.js');
  if (!here.endsWith('.ts') && existsSync(sibling)) return sibling;
  return path.resolve(path.dirname(here), '..', '..', '..', 'dist', 'adapters', 'loadtest', 'autocannon-child.js');
}

/** Past this the run is stopped as timed out: the duration (or the duration cap) plus slack. */
export function builtinTimeoutMs(run: EngineRun): number {
  const seconds = run.plan.limit.kind === 'duration' ? run.plan.limit.seconds : CAPS.maxDurationSeconds;
  return (seconds + 35) * 1000;
}

/** `total` shared out over `n` as evenly as whole numbers allow. */
function shareOut(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

/** The plan each process runs: connections and requests shared out, the same duration. */
export function splitPlan(plan: RunPlan, processes: number): RunPlan[] {
  const n = Math.max(1, Math.min(processes, plan.concurrency));
  const connections = shareOut(plan.concurrency, n);
  const requests = plan.limit.kind === 'requests' ? shareOut(plan.limit.requests, n) : [];
  return connections.map((c, i) => ({
    ...plan,
    concurrency: c,
    ...(plan.limit.kind === 'requests' && { limit: { kind: 'requests', requests: requests[i] ?? 0 } }),
  }));
}

export function combineParts(plan: RunPlan, parts: readonly EnginePart[]): LoadTestResult {
  const histogram = new LatencyHistogram();
  for (const p of parts) histogram.merge(p.histogram);
  const sum = (f: (p: EnginePart) => number): number => parts.reduce((s, p) => s + f(p), 0);
  const seconds = Math.max(...parts.map((p) => p.seconds), 1e-6);
  const completed = sum((p) => p.completed);
  return {
    engine: 'builtin',
    target: plan.url,
    ...(plan.preset !== undefined && { preset: plan.preset }),
    concurrency: plan.concurrency,
    requestsPerSecond: completed / seconds,
    meanTimePerRequestMs: histogram.mean() ?? 0,
    latency: { p50Ms: histogram.percentile(50), p95Ms: histogram.percentile(95), p99Ms: histogram.percentile(99), maxMs: histogram.max() },
    completed,
    failed: sum((p) => p.failed),
    non2xx: sum((p) => p.non2xx),
    transferBytesPerSecond: Math.round(sum((p) => p.bytes) / seconds),
    durationSeconds: seconds,
  };
}

export interface BuiltinEngineOptions {
  readonly script?: string;
  readonly timeoutMs?: (run: EngineRun) => number;
  /** Default: the number of cores, at most 4. */
  readonly processes?: number;
}

export function builtinEngine(options: BuiltinEngineOptions = {}): LoadTestEngine {
  return (run) =>
    new Promise<EngineOutcome>((resolve) => {
      if (run.signal?.aborted === true) return resolve(engineCancelled());
      const script = options.script ?? childScript();
      if (!existsSync(script)) return resolve(engineFailed(`the built-in engine is not built (${script} is missing): run npm run build`));
      const plans = splitPlan(run.plan, options.processes ?? Math.min(MAX_PROCESSES, os.availableParallelism()));
      const children: ChildProcess[] = [];
      const parts: (EnginePart | undefined)[] = plans.map(() => undefined);
      const progress: (Progress | undefined)[] = plans.map(() => undefined);
      let settled = false;
      const finish = (outcome: EngineOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', onAbort);
        for (const child of children) {
          if (child.exitCode !== null || child.signalCode !== null) continue;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
          child.once('exit', () => clearTimeout(killer));
        }
        resolve(outcome);
      };
      const onAbort = (): void => finish(engineCancelled());
      run.signal?.addEventListener('abort', onAbort);
      const limitMs = (options.timeoutMs ?? builtinTimeoutMs)(run);
      const timer = setTimeout(() => finish(engineFailed(`the run timed out after ${Math.round(limitMs / 1000)} s`)), limitMs);

      const report = (): void => {
        const all = progress.filter((p): p is Progress => p !== undefined);
        const add = (f: (p: Progress) => number | undefined): number => all.reduce((s, p) => s + (f(p) ?? 0), 0);
        run.onProgress?.({
          elapsedMs: Math.max(...all.map((p) => p.elapsedMs)),
          completed: add((p) => p.completed),
          currentRps: add((p) => p.currentRps),
          errors: add((p) => p.errors),
        });
      };
      plans.forEach((plan, i) => {
        const child = fork(script, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
        children.push(child);
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          if (stderr.length < 4000) stderr += chunk.toString('utf8');
        });
        child.on('message', (message: ChildMessage) => {
          if (message.type === 'progress') {
            progress[i] = message;
            if (i === 0) report();
          } else if (message.type === 'done') {
            parts[i] = message.part;
            const done = parts.filter((p): p is EnginePart => p !== undefined);
            if (done.length === plans.length) finish({ ok: true, result: combineParts(run.plan, done) });
          } else {
            finish(engineFailed(message.reason));
          }
        });
        child.on('error', (error) => finish(engineFailed(`the built-in engine could not start: ${error.message}`)));
        child.on('exit', (code, signal) => {
          if (parts[i] !== undefined) return;
          const last = stderr.trim().split('\n').pop() ?? '';
          finish(engineFailed(`the built-in engine stopped (${signal ?? `exit ${code}`})${last !== '' ? `: ${last}` : ''}`));
        });
        const start: ChildRequest = { type: 'start', plan };
        child.send(start);
      });
    });
}
