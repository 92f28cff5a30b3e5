import { z } from 'zod';
import { BOTTLENECK_COMPONENTS, type Bottleneck } from './bottleneck.js';
import type { ClusterAtStart, NodeThrottle } from './cluster-state.js';
import type { LoadTestResult } from './load-test-result.js';
import type { RecordedKind } from './mix.js';
import type { RunFlag } from './run-flag.js';
import type { RunSamples } from './run-samples.js';
import type { RunPlan } from './run-plan.js';
import type { ShareResult } from './server-share.js';
import type { LineProblem } from '../line-problem.js';
import type { Result } from '../result.js';

/** One finished run as the history keeps it: one JSON object on one line. */

export const RECORD_VERSION = 1;

export interface RunRecord {
  readonly version: typeof RECORD_VERSION;
  /** e.g. "20251127-121503-a3f": sortable, short enough to type. */
  readonly id: string;
  readonly startedAt: string;
  readonly profile: string;
  /** The column heading a comparison uses, e.g. "Cluster", "Single p1 (No Nginx)". */
  readonly label: string;
  readonly plan: Omit<RunPlan, 'body' | 'mix'> & { readonly mix?: readonly RecordedKind[] };
  readonly result: LoadTestResult;
  /** Per-server share of requests; undefined with `sharesReason` when HAProxy could not be read. */
  readonly shares?: ShareResult;
  readonly sharesReason?: string;
  readonly cluster?: ClusterAtStart;
  readonly clusterReason?: string;
  /** Each node's throttle bits at its first and last sample. */
  readonly throttleBefore: readonly NodeThrottle[];
  readonly throttleAfter: readonly NodeThrottle[];
  /**
   * By node, what flagged the run in words (older picons read this): before the run sampler,
   * the throttle bits new since boot between a snapshot before and one after the run.
   */
  readonly newlyThrottled: Readonly<Record<string, readonly string[]>>;
  /** The run is flagged: its figures are suspect and are shown with a warning, and left out of comparisons unless asked. */
  readonly throttled: boolean;
  /** What flagged it, node by node, with when (absent in records written before the run sampler). */
  readonly flags?: readonly RunFlag[];
  /** Every node and the generator, sampled each second during the run. */
  readonly samples?: RunSamples;
  /** What limited the run (absent in records from before picon sampled runs). */
  readonly bottleneck?: Bottleneck;
}

/** A run id from its start time (UTC) and a few random characters. */
export function runId(startedAt: Date, random: () => number = Math.random): string {
  const iso = startedAt.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const suffix = Math.floor(random() * 36 ** 3).toString(36).padStart(3, '0');
  return `${stamp}-${suffix}`;
}

/** The column heading of the seed's tables: Cluster, Single <node>, Single <node> (No Nginx). */
export function runLabel(plan: Pick<RunPlan, 'target' | 'node' | 'url' | 'preset'>, model?: string): string {
  const who = model !== undefined && plan.node !== undefined ? `${model} ${plan.node}` : (plan.node ?? '');
  switch (plan.target) {
    case 'frontend':
      return 'Cluster';
    case 'nginx':
      return `Single ${who}`;
    case 'app':
      return `Single ${who} (No Nginx)`;
    case 'url':
      return plan.preset ?? new URL(plan.url).host;
  }
}

/** One history line, newline included; written with a single append. */
export function formatHistoryLine(record: RunRecord): string {
  return `${JSON.stringify(record)}\n`;
}

const counted = z.number().finite().nonnegative();
/** What every saved run holds at least (older and newer fields pass through). */
export const runRecordSchema = z.looseObject({
  version: z.literal(RECORD_VERSION),
  id: z.string().min(1),
  startedAt: z.string(),
  profile: z.string(),
  label: z.string(),
  plan: z.looseObject({ url: z.string(), concurrency: counted, engine: z.string() }),
  result: z.looseObject({
    engine: z.string(),
    requestsPerSecond: counted,
    meanTimePerRequestMs: counted,
    completed: counted,
    failed: counted,
    latency: z.looseObject({ p95Ms: counted.nullable() }),
    /** Present on a fixed-rate run (`--rate`): its latency is then counted from when each request was due. */
    fixedRate: z.looseObject({ targetPerSecond: counted, scheduled: counted, sent: counted }).optional(),
  }),
  throttleBefore: z.array(z.unknown()),
  throttleAfter: z.array(z.unknown()),
  newlyThrottled: z.record(z.string(), z.array(z.string())),
  throttled: z.boolean(),
  flags: z.array(z.looseObject({ node: z.string(), kind: z.string(), what: z.array(z.string()), fromS: z.number(), toS: z.number() })).optional(),
  samples: z.looseObject({ kept: z.string(), summary: z.looseObject({ nodes: z.array(z.unknown()) }) }).optional(),
  bottleneck: z.object({
    component: z.enum(BOTTLENECK_COMPONENTS),
    node: z.string().nullable(),
    evidence: z.string(),
  }).optional(),
});

export interface History {
  /** Oldest first. */
  readonly records: readonly RunRecord[];
  readonly broken: readonly LineProblem[];
}

/** One line of the history file; `last` when it is the file's last line (no newline after it). */
export function parseHistoryLine(line: string, last = false): Result<RunRecord> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: last ? 'an unfinished last line (a run interrupted while saving)' : 'not JSON' };
  }
  const checked = runRecordSchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: `not a run record (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, value: checked.data as unknown as RunRecord };
}

/** Reads the history file's text; a line that is not a whole record is reported, not fatal. */
export function parseHistory(text: string): History {
  const records: RunRecord[] = [];
  const broken: LineProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseHistoryLine(line, i === lines.length - 1);
    if (parsed.ok) records.push(parsed.value);
    else broken.push({ line: i + 1, reason: parsed.reason });
  });
  return { records, broken };
}
