import type { LoadTestResult } from '../../core/loadtest/load-test-result.js';
import type { Progress } from '../../core/loadtest/progress-line.js';
import type { RunPlan } from '../../core/loadtest/run-plan.js';

/** A load-test engine: runs a plan, reports progress about once a second, can be cancelled. */

export interface EngineRun {
  readonly plan: RunPlan;
  readonly runId: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  /** ab's engine: the pid of ab's process on its node, once known (the run sampler reads its CPU). */
  readonly onGeneratorProcess?: (pid: number) => void;
}

export type EngineOutcome =
  | { readonly ok: true; readonly result: LoadTestResult }
  | { readonly ok: false; readonly reason: string; readonly cancelled: boolean };

export type LoadTestEngine = (run: EngineRun) => Promise<EngineOutcome>;

export const engineFailed = (reason: string): EngineOutcome => ({ ok: false, reason, cancelled: false });
export const engineCancelled = (reason = 'cancelled'): EngineOutcome => ({ ok: false, reason, cancelled: true });
