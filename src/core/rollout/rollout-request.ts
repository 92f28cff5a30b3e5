import { formatWeightSpec } from '../actions/action-request.js';
import type { WeightSpec } from '../actions/weight-value.js';
import type { AdminState } from '../haproxy/runtime-commands.js';

/**
 * A rolling change over many nodes, one batch at a time (docs/actions.md#rollout): a restart of a
 * service (drain → wait idle → restart → check UP → ready), or a weight or state set batch by batch.
 */

export type RolloutChange =
  | { readonly kind: 'restart'; readonly service: string }
  | { readonly kind: 'weight'; readonly weight: WeightSpec }
  | { readonly kind: 'state'; readonly state: AdminState };

export interface RolloutRequest {
  readonly kind: 'rollout';
  readonly change: RolloutChange;
  /** The nodes, in the order given; 'all': every worker in profile order. */
  readonly workers: 'all' | readonly string[];
  /** Nodes at a time (it shrinks where the last-UP guard needs it to). */
  readonly batch: number;
  /** How long a drained batch may take to reach 0 sessions. */
  readonly waitIdleMs: number;
  /** At the --wait-idle timeout, cut the sessions left (HAProxy `shutdown sessions server`) instead of stopping. */
  readonly shutdownSessions: boolean;
  /** How long to wait for another picon's head lock. */
  readonly lockWaitMs?: number;
}

export const DEFAULT_BATCH = 1;
export const DEFAULT_WAIT_IDLE_SECONDS = 60;

/** "restart nginx", "weight 3", "state drain". */
export function describeChange(change: RolloutChange): string {
  switch (change.kind) {
    case 'restart':
      return `restart ${change.service}`;
    case 'weight':
      return `weight ${formatWeightSpec(change.weight)}`;
    case 'state':
      return `state ${change.state}`;
  }
}

/** "rollout restart nginx --all", "rollout weight 3 --workers p1,p2": the rollout as its command line names it. */
export function describeRollout(request: Pick<RolloutRequest, 'change' | 'workers'>): string {
  const on = request.workers === 'all' ? '--all' : `--workers ${request.workers.join(',')}`;
  return `rollout ${describeChange(request.change)} ${on}`;
}

/** Whether the change takes a node out of rotation only while it runs (restart), for good (drain, maint, weight 0), or not at all. */
export function removalOf(change: RolloutChange): 'while-running' | 'for-good' | 'none' {
  if (change.kind === 'restart') return 'while-running';
  if (change.kind === 'state') return change.state === 'ready' ? 'none' : 'for-good';
  return change.weight.amount === 0 ? 'for-good' : 'none';
}

/** Tells a rollout from the other things a console dialog may hold (a resolved action). */
export function isRolloutRequest(value: object): value is RolloutRequest {
  return 'kind' in value && value.kind === 'rollout';
}
