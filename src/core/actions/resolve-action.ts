import { planRun } from '../loadtest/run-plan.js';
import type { Profile } from '../profile/profile.js';
import { failure, success, type Result } from '../result.js';
import type { ActionRequest } from './action-request.js';
import { planOf } from './catalog.js';
import { nodeServers, nodeService } from './node-targets.js';
import { isActionStep, type ActionStep, type PlanStep, type ResolvedActionStep, type ResolvedStep } from './plan-step.js';

/**
 * An action request whose plan has been resolved against the profile: every step knows the
 * servers or the node it acts on. The command line and the console resolve a request once, before
 * they ask anything; the runner (src/adapters/actions/run-action.ts) takes the result as it is.
 */
export interface ResolvedAction {
  readonly request: ActionRequest;
  readonly steps: readonly ResolvedActionStep[];
}

export function resolveStep(profile: Profile, step: ActionStep): Result<ResolvedActionStep>;
export function resolveStep(profile: Profile, step: PlanStep): Result<ResolvedStep>;
export function resolveStep(profile: Profile, step: PlanStep): Result<ResolvedStep> {
  if (step.kind === 'load-test') {
    const planned = planRun(profile, step.preset);
    return planned.ok ? success({ ...step, plan: planned.value }) : failure(planned.reason);
  }
  if (step.kind === 'rollout') return failure('a rollout is run by its own runner (picon rollout), not as a step of a plan');
  if (step.kind === 'restart-service') {
    const node = nodeService(profile, step.request.node, step.request.service);
    return node.ok ? success({ ...step, node: node.value }) : node;
  }
  const found = nodeServers(profile, step.request.node, step.request.backend);
  return found.ok ? success({ ...step, servers: found.value.servers }) : found;
}

/** Every step of a plan with its target (a preset's run planned), or the first line saying which name is wrong. */
export function resolvePlan(profile: Profile, plan: readonly PlanStep[]): Result<readonly ResolvedStep[]> {
  const steps: ResolvedStep[] = [];
  for (const step of plan) {
    const resolved = resolveStep(profile, step);
    if (!resolved.ok) return resolved;
    steps.push(resolved.value);
  }
  return success(steps);
}

/** The request's plan (the catalog's) with each step's target, or the one line saying which name is wrong. */
export function resolveAction(profile: Profile, request: ActionRequest): Result<ResolvedAction> {
  const steps: ResolvedActionStep[] = [];
  for (const step of planOf(request).filter(isActionStep)) {
    const resolved = resolveStep(profile, step);
    if (!resolved.ok) return resolved;
    steps.push(resolved.value);
  }
  if (steps.length === 0) return failure(`the catalog gives ${request.kind} no plan`);
  return success({ request, steps });
}

/** The same action with the last-UP guard overridden (the console's Force), targets unchanged. */
export function forcedAction(action: ResolvedAction): ResolvedAction {
  const force = <R extends ActionRequest>(r: R): R => (r.kind === 'restart' ? r : { ...r, force: true });
  return { request: force(action.request), steps: action.steps.map((s) => (s.kind === 'set-servers' ? { ...s, request: force(s.request) } : s)) };
}
