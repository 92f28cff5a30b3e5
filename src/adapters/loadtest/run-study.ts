import { setTimeout as sleep } from 'node:timers/promises';
import type { RunRecord } from '../../core/loadtest/run-record.js';
import type { StudyOutcome } from '../../core/study/study-assemble.js';
import { studySchedule, type StudyCellPlan, type StudyPlan } from '../../core/study/study-plan.js';
import { runLoadTest, type RunDependencies } from './run-load-test.js';
import type { Progress } from '../../core/loadtest/progress-line.js';

/**
 * A study's runs, in interleaved rounds (every cell once per round, at least `rest` seconds
 * between one load's end and the next one's start — the readings after and before a run count
 * toward it), each through the one load-test runner. A round counts as completed when all its cells ran; a stop
 * (the signal) cancels the run in flight and drops its round's runs, so only whole rounds are
 * kept. The runs are not saved one by one: the caller saves the study as one history entry.
 */

export interface StudyRunDeps {
  /** The engine, HAProxy snapshot and sampler for one cell's plan (save is replaced here). */
  readonly depsFor: (cell: StudyCellPlan) => Promise<RunDependencies>;
  readonly profile: string;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly now?: () => number;
}

export interface StudyProgress {
  readonly index: number;
  readonly total: number;
  readonly round: number;
  readonly cell: StudyCellPlan;
  readonly progress?: Progress;
  readonly phase: 'running' | 'resting' | 'done';
}

export interface StudyRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: StudyProgress) => void;
}

export interface StudyRuns {
  /** The runs of the completed rounds (and the failures among them). */
  readonly outcomes: readonly StudyOutcome[];
  readonly roundsCompleted: number;
  readonly stopped: boolean;
}

const restFor = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
  await sleep(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
};

export async function runStudy(plan: StudyPlan, deps: StudyRunDeps, options: StudyRunOptions = {}): Promise<StudyRuns> {
  const { signal } = options;
  const stopped = (): boolean => signal?.aborted === true;
  const rest = deps.sleep ?? restFor;
  const schedule = studySchedule(plan.cells.length, plan.settings.rounds);
  const kept: StudyOutcome[] = [];
  let round: StudyOutcome[] = [];
  let roundsCompleted = 0;
  const now = deps.now ?? Date.now;
  let loadEnded = now();
  let snapshotAt = now();
  let lastBaselineMs = 0;
  for (const [index, step] of schedule.entries()) {
    if (stopped()) break;
    const cell = plan.cells[step.cell] as StudyCellPlan;
    const report = (phase: StudyProgress['phase'], progress?: Progress): void =>
      options.onProgress?.({ index, total: schedule.length, round: step.round, cell, phase, ...(progress !== undefined && { progress }) });
    // The rest is the quiet between two loads; the readings after the last run and before the next are taken in it.
    const restMs = plan.settings.restSeconds * 1000 - (now() - loadEnded) - lastBaselineMs;
    if (index > 0 && restMs > 0) {
      report('resting');
      await rest(restMs, signal);
      if (stopped()) break;
    }
    report('running');
    let saved: RunRecord | undefined;
    const runDeps = await deps.depsFor(cell);
    const outcome = await runLoadTest(
      {
        plan: cell.plan,
        profile: deps.profile,
        label: cell.column.heading,
        ...(signal !== undefined && { signal }),
        onProgress: (p) => report('running', p),
        onPhase: (phase) => {
          if (phase === 'snapshot') snapshotAt = now();
          if (phase === 'running') lastBaselineMs = now() - snapshotAt;
          if (phase === 'saving') loadEnded = now();
        },
      },
      { ...runDeps, save: async (record) => void (saved = record) },
    );
    if (!outcome.ok && outcome.cancelled) break;
    round.push(outcome.ok ? { cell: step.cell, round: step.round, ok: true, record: saved ?? outcome.record } : { cell: step.cell, round: step.round, ok: false, reason: outcome.reason });
    report('done');
    if (step.cell === plan.cells.length - 1) {
      kept.push(...round);
      round = [];
      roundsCompleted = step.round;
    }
  }
  return { outcomes: kept, roundsCompleted, stopped: stopped() };
}
