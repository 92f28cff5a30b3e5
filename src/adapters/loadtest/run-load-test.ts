import { recordedKinds } from '../../core/loadtest/mix.js';
import type { ClusterAtStart } from '../../core/loadtest/cluster-state.js';
import { samplesPart } from '../../core/loadtest/record-flags.js';
import type { Progress } from '../../core/loadtest/progress-line.js';
import type { RunPlan } from '../../core/loadtest/run-plan.js';
import { runId as makeRunId, type RunRecord, RECORD_VERSION } from '../../core/loadtest/run-record.js';
import { serverShares, type ServerCounters } from '../../core/loadtest/server-share.js';
import { redactDeep, redactText } from '../../core/redact/secrets.js';
import { fileErrorWords } from '../files/file-error.js';
import type { LoadTestEngine } from './engine.js';
import type { Result } from '../../core/result.js';
import { bottleneckVerdict, type Bottleneck } from '../../core/loadtest/bottleneck.js';
import { runSeconds } from '../../core/loadtest/bottleneck-input.js';
import { availableParallelism } from 'node:os';
import { defaultThreads } from './builtin-engine.js';
import type { RunSampler } from './run-sampler.js';
import type { RunOutcome } from '../../core/loadtest/run-outcome.js';

/**
 * One run, start to end: snapshot HAProxy and sample every node → run the engine while the
 * sampler samples every node each second → snapshot again, last sample → build the record (the
 * flags from every sample) → save it. The CLI and the console call this same function
 * with their own engine, snapshot and save functions. The engine gets the plan as it is; the
 * record (saved, printed, shown) and a failure's reason have their credentials redacted.
 */

export interface HaproxySnapshot {
  /** "backend/server" → its session counter (stot). */
  readonly counters: ServerCounters;
  /** "backend/server" → its 5xx answers so far (hrsp_5xx). */
  readonly errors5xx?: ServerCounters;
  readonly cluster: ClusterAtStart;
}

export interface RunDependencies {
  readonly engine: LoadTestEngine;
  /** Undefined when there is no HAProxy to ask (a bare --url off the cluster). */
  readonly haproxy?: () => Promise<Result<HaproxySnapshot>>;
  /** Samples every node during the run (run-sampler.ts): the record's series, the flags and the bottleneck verdict; undefined off the cluster. */
  readonly sampler?: RunSampler;
  /** Rejects with the file system's error when the record cannot be written. */
  readonly save: (record: RunRecord) => Promise<void>;
  readonly now?: () => Date;
}

export interface RunRequest {
  readonly plan: RunPlan;
  readonly profile: string;
  readonly label: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  /** Told when the before-snapshots are taken and the engine starts. */
  readonly onPhase?: (phase: 'snapshot' | 'running' | 'saving') => void;
}

export type { RunOutcome };

export async function runLoadTest(request: RunRequest, deps: RunDependencies): Promise<RunOutcome> {
  const now = deps.now ?? (() => new Date());
  const { sampler } = deps;
  request.onPhase?.('snapshot');
  const [haproxyBefore] = await Promise.all([deps.haproxy?.(), sampler?.baseline()]);
  if (request.signal?.aborted === true) {
    sampler?.stop();
    return { ok: false, reason: 'cancelled', cancelled: true };
  }

  const started = now();
  const id = makeRunId(started);
  request.onPhase?.('running');
  sampler?.start();
  const ran = await deps.engine({
    plan: request.plan,
    runId: id,
    ...(request.signal !== undefined && { signal: request.signal }),
    ...(request.onProgress !== undefined && { onProgress: request.onProgress }),
    ...(sampler !== undefined && { onGeneratorProcess: (pid: number) => sampler.generatorProcess(pid) }),
  });
  if (!ran.ok) {
    sampler?.stop();
    return ran.cancelled ? ran : { ...ran, reason: redactText(ran.reason) };
  }

  request.onPhase?.('saving');
  const [haproxyAfter, sampled] = await Promise.all([deps.haproxy?.(), sampler?.finish()]);
  const threads = request.plan.engine === 'builtin' ? (request.plan.threads ?? defaultThreads(availableParallelism())) : undefined;
  const bottleneck: Bottleneck | undefined = sampled !== undefined ? bottleneckVerdict(runSeconds(sampled, threads)) : undefined;
  let sharesPart: Pick<RunRecord, 'shares' | 'sharesReason'> = {};
  if (haproxyBefore !== undefined && haproxyAfter !== undefined) {
    if (!haproxyBefore.ok) sharesPart = { sharesReason: haproxyBefore.reason };
    else if (!haproxyAfter.ok) sharesPart = { sharesReason: haproxyAfter.reason };
    else {
      const [b, a] = [haproxyBefore.value.errors5xx, haproxyAfter.value.errors5xx];
      sharesPart = { shares: serverShares(haproxyBefore.value.counters, haproxyAfter.value.counters, b !== undefined && a !== undefined ? { before: b, after: a } : undefined) };
    }
  }
  const { body: _body, mix, ...rest } = request.plan;
  const plan = { ...rest, ...(mix !== undefined && { mix: recordedKinds(mix) }) };
  const record: RunRecord = redactDeep<RunRecord>({
    version: RECORD_VERSION,
    id,
    startedAt: started.toISOString(),
    profile: request.profile,
    label: request.label,
    plan,
    result: ran.result,
    ...sharesPart,
    ...(haproxyBefore?.ok === true && { cluster: haproxyBefore.value.cluster }),
    ...(haproxyBefore?.ok === false && { clusterReason: haproxyBefore.reason }),
    ...samplesPart(sampled),
    ...(bottleneck !== undefined && { bottleneck }),
  });
  try {
    await deps.save(record);
  } catch (error) {
    return { ok: true, record, saveError: fileErrorWords(error) };
  }
  return { ok: true, record };
}
