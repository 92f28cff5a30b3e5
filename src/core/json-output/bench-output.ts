import { z } from 'zod';
import { runRecordSchema } from '../loadtest/run-record.js';
import { schemaVersionField } from './schema-version.js';

/** `picon bench … --json` (docs/load-tests.md): the preset list, a dry run's plan, a run, the history, a comparison. */

const counted = z.number().nonnegative();

const presetSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  target: z.enum(['frontend', 'nginx', 'app']),
  node: z.string().optional(),
  path: z.string(),
  method: z.string(),
  concurrency: counted,
  requests: counted.optional(),
  durationSeconds: counted.optional(),
  keepAlive: z.boolean(),
  threads: counted.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  https: z.boolean().optional(),
  mix: z.array(z.looseObject({ name: z.string().optional(), weight: counted, method: z.string(), path: z.string() })).optional(),
});

/** `picon bench --json`: the profile's presets (its own, or the defaults when it has none). */
export const benchPresetsOutputSchema = z.object({
  ...schemaVersionField,
  profile: z.string(),
  presets: z.array(presetSchema),
});

const limitSchema = z.union([
  z.object({ kind: z.literal('requests'), requests: counted }),
  z.object({ kind: z.literal('duration'), seconds: counted }),
]);

export const runPlanSchema = z.looseObject({
  url: z.string(),
  preset: z.string().optional(),
  target: z.enum(['frontend', 'nginx', 'app', 'url']),
  node: z.string().optional(),
  method: z.string(),
  concurrency: counted,
  limit: limitSchema,
  keepAlive: z.boolean(),
  headers: z.record(z.string(), z.string()),
  engine: z.string(),
  from: z.string().optional(),
  threads: counted.optional(),
  /** A fixed-rate run's requests a second (`--rate`). */
  rate: counted.optional(),
  /** A preset's mix: each kind of request (bodies as their size only). */
  mix: z.array(z.looseObject({
    name: z.string(),
    weight: counted,
    method: z.string(),
    path: z.string(),
    headers: z.record(z.string(), z.string()),
    bodyBytes: counted.optional(),
  })).optional(),
  /** https: the CA file the certificate was checked against. */
  ca: z.string().optional(),
  /** https: the certificate was not checked. */
  insecure: z.literal(true).optional(),
});

const percentiles = z.looseObject({ p50Ms: counted.nullable(), p95Ms: counted.nullable(), p99Ms: counted.nullable(), maxMs: counted.nullable() });

/** A mixed run's result per kind of request (result.kinds). */
const kindResultSchema = z.looseObject({
  name: z.string(),
  method: z.string(),
  path: z.string(),
  weight: counted,
  completed: counted,
  failed: counted,
  non2xx: counted,
  statuses: z.record(z.string(), counted),
  meanTimePerRequestMs: counted,
  latency: percentiles,
});

/** `picon bench PRESET --dry-run --json`: what would run, secrets redacted; `abCommand` for engine ab. */
export const benchPlanOutputSchema = z.object({
  ...schemaVersionField,
  dryRun: z.literal(true),
  profile: z.string(),
  plan: runPlanSchema,
  abCommand: z.array(z.string()).optional(),
});

/** `picon bench PRESET --json`: the run's record, as the history keeps it (src/core/loadtest/run-record.ts). */
export const benchRunOutputSchema = runRecordSchema.extend({
  ...schemaVersionField,
  plan: runPlanSchema,
  result: runRecordSchema.shape.result.extend({ kinds: z.array(kindResultSchema).optional() }),
});

/**
 * `picon bench history --json`: an array of runs, oldest first. It was an array before
 * schemaVersion existed and scripts read it as one, so the version is on each run.
 */
export const benchHistoryOutputSchema = z.array(benchRunOutputSchema);

const runFlagSchema = z.object({
  node: z.string(),
  kind: z.enum(['throttled-now', 'throttled-since-start', 'clock-capped']),
  what: z.array(z.string()),
  fromS: z.number(),
  toS: z.number(),
  samples: counted,
});

/** `picon bench compare RUN... --json` (or --format json). */
export const benchCompareOutputSchema = z.object({
  ...schemaVersionField,
  runs: z.array(z.object({
    id: z.string(),
    label: z.string(),
    preset: z.string().nullable(),
    target: z.string(),
    engine: z.string(),
    meanTimePerRequestMs: counted,
    p95Ms: counted.nullable(),
    requestsPerSecond: counted,
    failed: counted,
    non2xx: counted.nullable(),
    /** Flagged: a node throttled or ran below its top clock (see flags; an old record has none). */
    throttled: z.boolean(),
    flags: z.array(runFlagSchema),
  })),
  scalingEfficiency: z.looseObject({ efficiency: z.number() }).nullable(),
  /** Flagged runs asked for but left out (without --include-flagged): what flagged each, per node. */
  leftOut: z.array(z.object({ id: z.string(), label: z.string(), flags: z.array(z.string()) })),
});
