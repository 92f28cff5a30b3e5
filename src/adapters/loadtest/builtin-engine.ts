import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPS } from '../../core/loadtest/run-plan.js';
import type { ChildMessage, ChildRequest } from './autocannon-child.js';
import { engineCancelled, engineFailed, type EngineOutcome, type EngineRun, type LoadTestEngine } from './engine.js';

/**
 * The built-in engine: autocannon in a child process, so the console's event loop stays free and
 * a cancel can end it outright. Needs no external binary.
 */

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

export interface BuiltinEngineOptions {
  readonly script?: string;
  readonly timeoutMs?: (run: EngineRun) => number;
}

export function builtinEngine(options: BuiltinEngineOptions = {}): LoadTestEngine {
  return (run) =>
    new Promise<EngineOutcome>((resolve) => {
      if (run.signal?.aborted === true) return resolve(engineCancelled());
      const script = options.script ?? childScript();
      if (!existsSync(script)) return resolve(engineFailed(`the built-in engine is not built (${script} is missing): run npm run build`));
      const child: ChildProcess = fork(script, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < 4000) stderr += chunk.toString('utf8');
      });
      let settled = false;
      const finish = (outcome: EngineOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', onAbort);
        if (child.exitCode === null && child.signalCode === null) {
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
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'progress') run.onProgress?.(message);
        else if (message.type === 'done') finish({ ok: true, result: message.result });
        else finish(engineFailed(message.reason));
      });
      child.on('error', (error) => finish(engineFailed(`the built-in engine could not start: ${error.message}`)));
      child.on('exit', (code, signal) => {
        const last = stderr.trim().split('\n').pop() ?? '';
        finish(engineFailed(`the built-in engine stopped (${signal ?? `exit ${code}`})${last !== '' ? `: ${last}` : ''}`));
      });
      const start: ChildRequest = { type: 'start', plan: run.plan };
      child.send(start);
    });
}
