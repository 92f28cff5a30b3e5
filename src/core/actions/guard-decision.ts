import { checkLastUpGuard, type Removal } from '../haproxy/last-up-guard.js';
import type { StatRecord } from '../haproxy/stat-record.js';
import type { ServerRef } from '../profile/profile.js';

/**
 * Whether an action that takes servers out of rotation may go ahead: the last-UP guard checked
 * for every target, overridden by --force (and then named, so the report says what was forced).
 */

export type GuardDecision =
  | { readonly proceed: true; readonly overridden: readonly string[] }
  | { readonly proceed: false; readonly reason: string; readonly hint: string };

export interface ProcessRecords {
  readonly process?: string;
  readonly records: readonly StatRecord[];
}

export function decideGuard(
  perProcess: readonly ProcessRecords[],
  targets: readonly { readonly ref: ServerRef; readonly removal: Removal | undefined }[],
  force: boolean,
): GuardDecision {
  const refusals: string[] = [];
  let now = perProcess;
  for (const { ref, removal } of targets) {
    if (removal === undefined) continue;
    const verdict = checkLastUpGuard(now, ref, removal);
    if (!verdict.allowed) refusals.push(verdict.reason);
    // Two servers of one node in one backend: the second is checked with the first already out.
    now = now.map((p) => ({ ...p, records: p.records.map((r) => (isTarget(r, ref) ? { ...r, weight: 0 } : r)) }));
  }
  if (refusals.length === 0) return { proceed: true, overridden: [] };
  if (force) return { proceed: true, overridden: refusals };
  return {
    proceed: false,
    reason: `refused: ${refusals.join('; ')}`,
    hint: 'add --force to do it anyway (clients get 503 until a server is back)',
  };
}

function isTarget(record: StatRecord, ref: ServerRef): boolean {
  return record.type === 'server' && record.proxy === ref.backend && record.service === ref.server;
}
