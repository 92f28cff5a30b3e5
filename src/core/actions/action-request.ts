import type { Removal } from '../haproxy/last-up-guard.js';
import type { WeightSpec } from './weight-value.js';

/** What an operator asked for, already parsed and checked for shape (names not yet resolved). */

export type ServerActionKind = 'drain' | 'ready' | 'maint' | 'weight';
export type ActionKind = ServerActionKind | 'restart';

export const ACTION_KINDS: readonly ActionKind[] = ['drain', 'ready', 'maint', 'weight', 'restart'];

export interface ServerActionRequest {
  readonly kind: ServerActionKind;
  readonly node: string;
  /** Act only on the node's server in this backend. */
  readonly backend?: string;
  /** Go ahead even when the node is the last server taking traffic. */
  readonly force: boolean;
  /** drain: wait until current sessions reach 0. */
  readonly wait?: { readonly timeoutMs: number };
  /** weight: the new weight. */
  readonly weight?: WeightSpec;
  /** weight: also write it into haproxy.cfg (and the server-state file) and reload. */
  readonly persist?: boolean;
  /** How long to wait for the head lock held by another picon (--lock-wait). */
  readonly lockWaitMs?: number;
}

export interface RestartRequest {
  readonly kind: 'restart';
  readonly node: string;
  readonly service: string;
  /** `restart head haproxy` takes the head lock: how long to wait for it. */
  readonly lockWaitMs?: number;
}

export type ActionRequest = ServerActionRequest | RestartRequest;

/** How the request takes a server out of rotation, for the last-UP guard; undefined: it does not. */
export function removalFor(request: ServerActionRequest, weight: number | undefined): Removal | undefined {
  switch (request.kind) {
    case 'drain':
      return { kind: 'drain' };
    case 'maint':
      return { kind: 'maint' };
    case 'weight':
      return weight === 0 ? { kind: 'weight', weight: 0 } : undefined;
    case 'ready':
      return undefined;
  }
}

/** "drain p1", "weight p1 50%", "restart p1 nginx": how the action is named in lines and prompts. */
export function describeRequest(request: ActionRequest): string {
  if (request.kind === 'restart') return `restart ${request.service} on ${request.node}`;
  const weight = request.kind === 'weight' && request.weight !== undefined ? ` ${formatWeightSpec(request.weight)}` : '';
  const backend = request.backend !== undefined ? ` (backend ${request.backend})` : '';
  return `${request.kind} ${request.node}${weight}${backend}`;
}

export function formatWeightSpec(spec: WeightSpec): string {
  return spec.unit === 'percent' ? `${spec.amount}%` : String(spec.amount);
}
