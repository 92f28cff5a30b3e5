import type { Bottleneck } from '../loadtest/bottleneck.js';
import { flagNames, isFlagged } from '../loadtest/record-flags.js';
import type { RunRecord } from '../loadtest/run-record.js';
import type { Spread, StudyCell, StudyRun, StudyShare } from './study-result.js';

/**
 * A cell from its rounds: each run's figures and flags, then the medians and spread of the runs
 * that count (the unflagged ones unless asked), the shares through HAProxy summed over them and
 * the verdict most of them gave. Pure.
 */

/** Why a run's figures are suspect: its flags (throttled, clock capped) and answers that were not 2xx. */
export function studyRunFlags(record: RunRecord): string[] {
  const flags = isFlagged(record) ? flagNames(record) : [];
  const non2xx = record.result.non2xx ?? 0;
  if (non2xx > 0) flags.push(`${non2xx} non-2xx answer${non2xx === 1 ? '' : 's'}`);
  return flags;
}

export function studyRun(record: RunRecord, round: number): StudyRun {
  const flags = studyRunFlags(record);
  return {
    round,
    runId: record.id,
    meanTimePerRequestMs: record.result.meanTimePerRequestMs,
    p95Ms: record.result.latency.p95Ms,
    p50Ms: record.result.latency.p50Ms ?? null,
    p99Ms: record.result.latency.p99Ms ?? null,
    requestsPerSecond: record.result.requestsPerSecond,
    completed: record.result.completed,
    failed: record.result.failed,
    non2xx: record.result.non2xx ?? 0,
    flagged: flags.length > 0,
    flags,
    ...(record.bottleneck !== undefined && { bottleneck: record.bottleneck }),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function spread(values: readonly number[]): Spread | null {
  const mid = median(values);
  if (mid === null) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { min, max, percent: mid === 0 ? 0 : ((max - min) / mid) * 100 };
}

/** Each server's requests summed over the runs; only backends that took any of them. */
export function summedShares(records: readonly RunRecord[]): StudyShare[] {
  const sums = new Map<string, number>();
  for (const r of records) for (const s of r.shares?.servers ?? []) sums.set(s.server, (sums.get(s.server) ?? 0) + s.requests);
  const backendOf = (server: string): string => server.slice(0, server.indexOf('/'));
  const busy = new Set([...sums].filter(([, n]) => n > 0).map(([server]) => backendOf(server)));
  const kept = [...sums].filter(([server]) => busy.has(backendOf(server)));
  const total = kept.reduce((s, [, n]) => s + n, 0);
  return kept.map(([server, requests]) => ({ server, requests, share: total === 0 ? 0 : requests / total }));
}

/** The component most runs named; on a tie the later round's. */
export function commonVerdict(verdicts: readonly Bottleneck[]): Bottleneck | undefined {
  let best: Bottleneck | undefined;
  let bestCount = 0;
  for (const v of verdicts) {
    const count = verdicts.filter((o) => o.component === v.component).length;
    if (count >= bestCount) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}

export interface CellRound {
  readonly round: number;
  readonly record: RunRecord;
}

export function studyCell(column: string, endpoint: string, rounds: readonly CellRound[], includeFlagged: boolean, viaHaproxy: boolean): StudyCell {
  const runs = rounds.map(({ round, record }) => studyRun(record, round));
  const usedAt = runs.map((r) => includeFlagged || !r.flagged);
  const used = runs.filter((_, i) => usedAt[i]);
  const usedRecords = rounds.filter((_, i) => usedAt[i]).map((r) => r.record);
  const of = (pick: (r: StudyRun) => number | null): number[] => used.map(pick).filter((v): v is number => v !== null);
  const verdict = commonVerdict(used.flatMap((r) => (r.bottleneck === undefined ? [] : [r.bottleneck])));
  return {
    column,
    endpoint,
    runs,
    used: used.length,
    meanTimePerRequestMs: median(of((r) => r.meanTimePerRequestMs)),
    p95Ms: median(of((r) => r.p95Ms)),
    p50Ms: median(of((r) => r.p50Ms ?? null)),
    p99Ms: median(of((r) => r.p99Ms ?? null)),
    requestsPerSecond: median(of((r) => r.requestsPerSecond)),
    spread: {
      meanTimePerRequestMs: spread(of((r) => r.meanTimePerRequestMs)),
      p95Ms: spread(of((r) => r.p95Ms)),
      requestsPerSecond: spread(of((r) => r.requestsPerSecond)),
    },
    leftOut: runs.filter((_, i) => !usedAt[i]).map((r) => r.runId),
    shares: viaHaproxy ? summedShares(usedRecords) : [],
    ...(verdict !== undefined && { bottleneck: verdict }),
  };
}
