import type { ServerState } from '../haproxy/servers-state.js';
import { describeMismatch, type AggregatedRecord } from '../haproxy/stat-aggregate.js';
import type { ServerRef } from '../profile/profile.js';

/** What is true of one HAProxy server at one moment, as an action reports it before and after. */

export interface ServerView {
  readonly backend: string;
  readonly server: string;
  /** `show stat` status as HAProxy printed it (UP, DRAIN, MAINT, DOWN, "UP 1/2"…); null: not found. */
  readonly status: string | null;
  readonly weight: number | null;
  /** The weight haproxy.cfg gives it (srv_iweight). */
  readonly configuredWeight: number | null;
  /** Summed over every process. */
  readonly currentSessions: number | null;
  readonly checkStatus: string | null;
  /** Processes disagreeing on status or weight, one line each. */
  readonly mismatches: readonly string[];
}

export function serverView(
  ref: ServerRef,
  records: readonly AggregatedRecord[],
  states: readonly ServerState[],
): ServerView {
  const record = records.find((r) => r.type === 'server' && r.proxy === ref.backend && r.service === ref.server);
  const state = states.find((s) => s.backend === ref.backend && s.server === ref.server);
  return {
    backend: ref.backend,
    server: ref.server,
    status: record?.status?.raw.trim() ?? null,
    weight: record?.weight ?? state?.userWeight ?? null,
    configuredWeight: state?.initialWeight ?? null,
    currentSessions: record?.currentSessions ?? null,
    checkStatus: record?.checkStatus ?? null,
    mismatches: record === undefined ? [] : record.mismatches.map((m) => describeMismatch(record, m)),
  };
}

/** "DRAIN, weight 1, 3 sessions" */
export function describeView(view: ServerView): string {
  if (view.status === null) return 'not found in HAProxy';
  const parts = [view.status];
  if (view.weight !== null) parts.push(`weight ${view.weight}`);
  if (view.currentSessions !== null) parts.push(`${view.currentSessions} session${view.currentSessions === 1 ? '' : 's'}`);
  return parts.join(', ');
}
