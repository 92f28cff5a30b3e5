import { nodeServers, nodeService } from '../actions/node-targets.js';
import type { NodeSpec, Profile, ServerRef } from '../profile/profile.js';
import type { Result } from '../result.js';
import type { RolloutRequest } from './rollout-request.js';

/** The rollout's nodes found in the profile once, before anything is asked or sent: each with its servers. */

export interface RolloutNode {
  readonly node: NodeSpec;
  readonly servers: readonly ServerRef[];
}

export function resolveRollout(profile: Profile, request: Pick<RolloutRequest, 'change' | 'workers'>): Result<readonly RolloutNode[]> {
  const names = request.workers === 'all' ? profile.workers.map((w) => w.name) : request.workers;
  if (names.length === 0) return { ok: false, reason: `profile ${profile.name} has no workers to roll out to` };
  const out: RolloutNode[] = [];
  for (const name of names) {
    const found = nodeServers(profile, name);
    if (!found.ok) return found;
    if (request.change.kind === 'restart') {
      const service = nodeService(profile, name, request.change.service);
      if (!service.ok) return service;
    }
    out.push({ node: found.value.node, servers: found.value.servers });
  }
  return { ok: true, value: out };
}
