import type { RunPlan } from '../loadtest/run-plan.js';
import type { NodeSpec, ServerRef } from '../profile/profile.js';
import type { RestartRequest, ServerActionRequest } from './action-request.js';
import type { RolloutRequest } from '../rollout/rollout-request.js';

/**
 * What an action does, as a list of steps that one runner (src/adapters/actions/run-action.ts)
 * executes in order, stopping at the first that is not ok. One action on one node is one step
 * today; an action over many nodes is the same steps repeated per node — a rolling restart is,
 * for each node: set-servers drain --wait, restart-service (which checks the service is active
 * again), set-servers ready.
 */
export type PlanStep =
  /** drain, ready, maint, weight of one node's HAProxy servers. */
  | { readonly kind: 'set-servers'; readonly request: ServerActionRequest }
  /** The profile's restart template for one service on one node, then its isActive check. */
  | { readonly kind: 'restart-service'; readonly request: RestartRequest }
  /** A load test of one preset (the plan runner hands it to the load-test runner it is given). */
  | { readonly kind: 'load-test'; readonly preset: string }
  /** A rolling change over many nodes: run by the rollout runner (src/adapters/actions/run-rollout.ts), whose per-node steps are set-servers and restart-service. */
  | { readonly kind: 'rollout'; readonly request: RolloutRequest };

export type StepKind = PlanStep['kind'];

/** The steps that change the cluster (journaled, under the head lock); a load test only loads it, and a rollout has its own runner. */
export type ActionStep = Exclude<PlanStep, { kind: 'load-test' } | { kind: 'rollout' }>;

/** What each step does, in order: docs/keybindings.md lists them, and they are the order the runner keeps. */
export const STEP_PHASES: Readonly<Record<StepKind, readonly string[]>> = {
  'set-servers': [
    'read the servers',
    'guard the last server UP',
    'ask (unless --yes)',
    'lock the head',
    'read and guard again',
    'journal the intent',
    'send the runtime-API lines',
    'persist (weight --persist)',
    'unlock; wait for sessions (drain --wait)',
    'read back',
    'journal the result',
  ],
  'restart-service': [
    'check the service',
    'ask (unless --yes)',
    'lock the head (its haproxy only)',
    'journal the intent',
    'run the restart template',
    'check until active',
    'journal the result',
  ],
  rollout: [
    'read the servers and plan batches (the last-UP guard)',
    'ask (unless --yes)',
    'lock the head for the whole rollout',
    'save the progress',
    'per batch: set-servers drain',
    'wait for 0 sessions (--wait-idle; --shutdown-sessions cuts the rest)',
    'restart-service',
    'health down, so only a check after the restart brings it UP',
    'wait until the check says UP',
    'set-servers ready and its old weight',
    'save the progress',
  ],
  'load-test': ['plan the run', 'snapshot the cluster', 'send the requests', 'snapshot again', 'save the run'],
};

/**
 * An action step with its target found in the profile (src/core/actions/resolve-action.ts): the
 * servers or the node it acts on, resolved once before anything is asked or sent; the runner
 * takes these and never looks the names up again.
 */
export type ResolvedStep =
  | { readonly kind: 'set-servers'; readonly request: ServerActionRequest; readonly servers: readonly ServerRef[] }
  | { readonly kind: 'restart-service'; readonly request: RestartRequest; readonly node: NodeSpec }
  | { readonly kind: 'load-test'; readonly preset: string; readonly plan: RunPlan };

export type ResolvedServerStep = Extract<ResolvedStep, { kind: 'set-servers' }>;
export type ResolvedServiceStep = Extract<ResolvedStep, { kind: 'restart-service' }>;
export type ResolvedLoadTestStep = Extract<ResolvedStep, { kind: 'load-test' }>;
export type ResolvedActionStep = Exclude<ResolvedStep, ResolvedLoadTestStep>;

export function isActionStep(step: PlanStep): step is ActionStep {
  return step.kind !== 'load-test' && step.kind !== 'rollout';
}
