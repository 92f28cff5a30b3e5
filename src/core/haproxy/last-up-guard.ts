import type { ServerRef } from '../profile/profile.js';
import { isServing } from './server-status.js';
import type { StatRecord } from './stat-record.js';

/**
 * The "last UP server" guard: taking a server out of rotation (drain, maint, weight 0) must not
 * leave its backend with no server taking traffic — the backend would go DOWN and clients get 503.
 * Checked per process: with several processes, any one of them left empty would answer 503.
 */

export type Removal = { readonly kind: 'drain' } | { readonly kind: 'maint' } | { readonly kind: 'weight'; readonly weight: number };

export type GuardVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

/** Takes new requests: serving status and a weight above 0 (backup servers count: they take over). */
export function takesTraffic(record: StatRecord): boolean {
  return record.type === 'server' && isServing(record.status) && record.weight !== 0;
}

export function removesFromRotation(removal: Removal): boolean {
  return removal.kind !== 'weight' || removal.weight === 0;
}

function verdictFor(records: readonly StatRecord[], ref: ServerRef, process: string | undefined): GuardVerdict {
  const where = process === undefined ? '' : ` in ${process}`;
  const servers = records.filter((r) => r.type === 'server' && r.proxy === ref.backend);
  const target = servers.find((r) => r.service === ref.server);
  if (target === undefined) return { allowed: false, reason: `no server ${ref.backend}/${ref.server}${where}` };
  if (!takesTraffic(target)) return { allowed: true };
  const others = servers.filter((r) => r !== target && takesTraffic(r));
  if (others.length > 0) return { allowed: true };
  return {
    allowed: false,
    reason: `${ref.backend}/${ref.server} is the last server taking traffic in backend ${ref.backend}${where}; it would go DOWN and answer 503`,
  };
}

/**
 * `perProcess`: the stat records of each process (one entry for a single-process HAProxy).
 * Putting a server back (ready, weight > 0) is always allowed.
 */
export function checkLastUpGuard(
  perProcess: readonly { readonly process?: string; readonly records: readonly StatRecord[] }[],
  ref: ServerRef,
  removal: Removal,
): GuardVerdict {
  if (!removesFromRotation(removal)) return { allowed: true };
  const named = perProcess.length > 1;
  for (const { process, records } of perProcess) {
    const verdict = verdictFor(records, ref, named ? process : undefined);
    if (!verdict.allowed) return verdict;
  }
  return { allowed: true };
}
