import type { NodeThrottle } from './cluster-state.js';
import type { RunFlag } from './run-flag.js';
import { flagsByNode, flagWords, legacyConditions, runFlags } from './run-flags.js';
import { runSamples, type SampledRun } from './run-sample-series.js';
import type { NodeSample } from './run-samples.js';
import type { RunRecord } from './run-record.js';

/**
 * A run record's flags: built from its samples when it is made, read back from any record —
 * one written before the run sampler has only `newlyThrottled` (throttle bits new since boot
 * between a snapshot before and one after the run) and still counts as flagged.
 */

type SamplesPart = Pick<RunRecord, 'throttleBefore' | 'throttleAfter' | 'newlyThrottled' | 'throttled' | 'flags' | 'samples'>;

function throttleAt(samples: readonly NodeSample[]): NodeThrottle[] {
  return samples.map((s) => {
    const raw = s.reading?.throttleBits;
    if (raw !== undefined) return { node: s.node, raw };
    return { node: s.node, reason: s.missed ?? s.problems?.[0] ?? 'no throttle bits (not a Raspberry Pi)' };
  });
}

/** The record's fields from the sampler's samples; a run without a sampler has none and no flags. */
export function samplesPart(sampled: SampledRun | undefined): SamplesPart {
  if (sampled === undefined) return { throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false, flags: [] };
  const flags = runFlags(sampled.nodes);
  const names = [...new Set(sampled.nodes.map((s) => s.node))];
  const first = names.map((n) => sampled.nodes.find((s) => s.node === n) as NodeSample);
  const last = names.map((n) => sampled.nodes.findLast((s) => s.node === n) as NodeSample);
  return {
    // Kept for older picons, which read these three and `throttled` (the figures are suspect).
    throttleBefore: throttleAt(first),
    throttleAfter: throttleAt(last),
    newlyThrottled: legacyConditions(flags),
    throttled: flags.length > 0,
    flags,
    samples: runSamples(sampled),
  };
}

/** Whether the run's figures are suspect (a flag, or an old record's newly throttled node). */
export function isFlagged(record: Pick<RunRecord, 'throttled' | 'flags'>): boolean {
  return record.throttled || (record.flags?.length ?? 0) > 0;
}

function legacyFlags(record: RunRecord): string[] {
  return Object.entries(record.newlyThrottled ?? {}).map(([node, what]) => `${node}: ${what.join(', ')} (new since boot by the run's end)`);
}

/** Per node, what flagged the run, in words. */
export function flagLines(record: RunRecord): string[] {
  if (record.flags !== undefined) return flagsByNode(record.flags);
  return legacyFlags(record);
}

/** "pi3 throttled", "p2 clock capped": for a line naming runs left out. */
export function flagNames(record: RunRecord): string[] {
  if (record.flags !== undefined) return flagWords(record.flags);
  return Object.keys(record.newlyThrottled ?? {}).map((n) => `${n} throttled`);
}

export interface FlaggedSplit<T> {
  readonly shown: readonly T[];
  readonly leftOut: readonly T[];
}

/** Flagged runs are left out of a comparison unless asked for. */
export function leaveOutFlagged(records: readonly RunRecord[], includeFlagged: boolean): FlaggedSplit<RunRecord> {
  if (includeFlagged) return { shown: records, leftOut: [] };
  return { shown: records.filter((r) => !isFlagged(r)), leftOut: records.filter(isFlagged) };
}

/** "2 flagged runs left out (pi3 throttled); --include-flagged to show them". */
export function leftOutLine(leftOut: readonly RunRecord[], how = '--include-flagged'): string | undefined {
  if (leftOut.length === 0) return undefined;
  const names = [...new Set(leftOut.flatMap(flagNames))];
  const n = leftOut.length;
  return `${n} flagged run${n === 1 ? '' : 's'} left out (${names.join(', ')}); ${how} to show ${n === 1 ? 'it' : 'them'}`;
}

export type { RunFlag };
