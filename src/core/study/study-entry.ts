import { z } from 'zod';
import { runRecordSchema, type RunRecord } from '../loadtest/run-record.js';
import type { Result } from '../result.js';
import type { StudyResult } from './study-result.js';

/**
 * A study in the run history: one line holding the study's result and every run it made (their
 * records as `picon bench` saves them). `kind: "study"` tells it from a run's line, which has no
 * kind; a picon from before studies skips the line as "not a run record".
 */

export const STUDY_ENTRY_KIND = 'study';

export interface StudyEntry {
  readonly version: 1;
  readonly kind: typeof STUDY_ENTRY_KIND;
  readonly id: string;
  readonly startedAt: string;
  readonly profile: string;
  readonly study: StudyResult;
  readonly runs: readonly RunRecord[];
}

const counted = z.number().finite().nonnegative();

export const studyResultSchema = z.looseObject({
  version: z.literal(1),
  id: z.string().min(1),
  startedAt: z.string(),
  finishedAt: z.string(),
  profile: z.string(),
  settings: z.looseObject({ rounds: counted, secondsPerCell: counted, restSeconds: counted, concurrency: counted, engine: z.string(), includeFlagged: z.boolean() }),
  columns: z.array(z.looseObject({ id: z.string(), heading: z.string(), kind: z.string(), baseUrl: z.string(), viaHaproxy: z.boolean(), viaNginx: z.boolean(), tls: z.boolean() })),
  endpoints: z.array(z.looseObject({ id: z.string(), title: z.string(), path: z.string(), cached: z.boolean() })),
  cells: z.array(z.looseObject({
    column: z.string(),
    endpoint: z.string(),
    runs: z.array(z.looseObject({ round: counted, runId: z.string(), requestsPerSecond: counted, flagged: z.boolean(), flags: z.array(z.string()) })),
    used: counted,
    meanTimePerRequestMs: counted.nullable(),
    p95Ms: counted.nullable(),
    requestsPerSecond: counted.nullable(),
    leftOut: z.array(z.string()),
    shares: z.array(z.looseObject({ server: z.string(), requests: counted, share: counted })),
  })),
  scaling: z.array(z.looseObject({ endpoint: z.string(), comparable: z.boolean() })),
  cluster: z.looseObject({ servers: z.array(z.unknown()), models: z.array(z.unknown()), flags: z.array(z.string()) }),
  partial: z.boolean(),
  roundsCompleted: counted,
});

export const studyEntrySchema = z.looseObject({
  version: z.literal(1),
  kind: z.literal(STUDY_ENTRY_KIND),
  id: z.string().min(1),
  startedAt: z.string(),
  profile: z.string(),
  study: studyResultSchema,
  runs: z.array(runRecordSchema),
});

/** A history line's value that says it is a study. */
export function isStudyValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === STUDY_ENTRY_KIND;
}

export function parseStudyEntry(value: unknown): Result<StudyEntry> {
  const checked = studyEntrySchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: `not a study record (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, value: checked.data as unknown as StudyEntry };
}

export function studyEntry(study: StudyResult, runs: readonly RunRecord[]): StudyEntry {
  return { version: 1, kind: STUDY_ENTRY_KIND, id: study.id, startedAt: study.startedAt, profile: study.profile, study, runs };
}
