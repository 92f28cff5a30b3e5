import type { ProcessRecords } from '../../core/actions/guard-decision.js';
import { serverView, type ServerView } from '../../core/actions/server-view.js';
import type { ServerState } from '../../core/haproxy/servers-state.js';
import type { AggregatedRecord } from '../../core/haproxy/stat-aggregate.js';
import type { ServerRef } from '../../core/profile/profile.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import { failure, success, type Result } from '../../core/result.js';

/** One read of HAProxy for an action: `show stat` of every process and `show servers state` of the backends. */

export interface ServersSnapshot {
  readonly perProcess: readonly ProcessRecords[];
  readonly records: readonly AggregatedRecord[];
  readonly states: readonly ServerState[];
  view(ref: ServerRef): ServerView;
}

export type SnapshotResult = Result<ServersSnapshot>;

export async function readServers(client: HaproxyClient, backends: readonly string[]): Promise<SnapshotResult> {
  const unique = [...new Set(backends)];
  const [stats, ...states] = await Promise.all([client.stats(), ...unique.map((b) => client.serversState(b))]);
  if (!stats.ok) return failure(`HAProxy could not be read: ${stats.error.message}`);
  const missing = stats.value.failed.map((f) => f.error.message);
  if (missing.length > 0) return failure(`not every HAProxy process answered: ${missing.join('; ')}`);
  // Configured weights come from `show servers state`; without them only a percentage weight fails.
  const serverStates = states.flatMap((s) => (s.ok ? (s.value.values[0]?.value ?? []) : []));
  const records = stats.value.records;
  return success({
    perProcess: stats.value.values.map((v) => ({ process: v.process, records: v.value.records })),
    records,
    states: serverStates,
    view: (ref: ServerRef) => serverView(ref, records, serverStates),
  });
}
