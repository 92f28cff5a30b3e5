import type { ClusterAtStart } from '../loadtest/cluster-state.js';
import type { RunRecord } from '../loadtest/run-record.js';
import type { Profile } from '../profile/profile.js';
import { studyCell, studyRunFlags, type CellRound } from './study-cells.js';
import type { StudyPlan } from './study-plan.js';
import { STUDY_RESULT_VERSION, type StudyClusterState, type StudyResult } from './study-result.js';
import { studyScaling } from './study-scaling.js';

/** The study's result from its plan and the runs it made (or the runs that failed). Pure. */

export type StudyOutcome =
  | { readonly cell: number; readonly round: number; readonly ok: true; readonly record: RunRecord }
  | { readonly cell: number; readonly round: number; readonly ok: false; readonly reason: string };

export interface StudyMeta {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly profile: Pick<Profile, 'name' | 'workers'>;
  /** HAProxy at the study's start, or why it could not be read. */
  readonly cluster?: ClusterAtStart;
  readonly clusterReason?: string;
  readonly roundsCompleted: number;
  /** The signal that stopped it before every round ran. */
  readonly stoppedBy?: string;
}

export function clusterState(meta: StudyMeta, records: readonly RunRecord[]): StudyClusterState {
  return {
    ...(meta.cluster?.haproxyVersion !== undefined && { haproxyVersion: meta.cluster.haproxyVersion }),
    servers: (meta.cluster?.servers ?? []).map((s) => ({ server: s.server, weight: s.weight, status: s.status })),
    ...(meta.clusterReason !== undefined && { serversReason: meta.clusterReason }),
    models: meta.profile.workers.map((w) => ({ node: w.name, ...(w.model !== undefined && { model: w.model }) })),
    flags: [...new Set(records.flatMap(studyRunFlags))],
  };
}

export function assembleStudy(plan: StudyPlan, outcomes: readonly StudyOutcome[], meta: StudyMeta): StudyResult {
  const cells = plan.cells.map((cp, i) => {
    const mine = outcomes.filter((o) => o.cell === i);
    const rounds: CellRound[] = mine.flatMap((o) => (o.ok ? [{ round: o.round, record: o.record }] : []));
    const failures = mine.flatMap((o) => (o.ok ? [] : [{ round: o.round, reason: o.reason }]));
    const cell = studyCell(cp.column.id, cp.endpoint.id, rounds, plan.settings.includeFlagged, cp.column.viaHaproxy);
    return failures.length > 0 ? { ...cell, failures } : cell;
  });
  const records = outcomes.flatMap((o) => (o.ok ? [o.record] : []));
  return {
    version: STUDY_RESULT_VERSION,
    id: meta.id,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    profile: meta.profile.name,
    settings: plan.settings,
    columns: plan.columns,
    endpoints: plan.endpoints,
    cells,
    scaling: plan.endpoints.map((e) => studyScaling(e, plan.columns, cells, meta.profile)),
    cluster: clusterState(meta, records),
    partial: meta.roundsCompleted < plan.settings.rounds,
    ...(meta.stoppedBy !== undefined && { stoppedBy: meta.stoppedBy }),
    roundsCompleted: meta.roundsCompleted,
  };
}
