import { likelyMeant } from '../profile/closest-names.js';
import type { NodeSpec, Profile, ServerRef } from '../profile/profile.js';
import type { Result } from '../result.js';

/** Which HAProxy servers (or which service) an action on a node means, from the profile alone. */

export interface NodeServers {
  readonly node: NodeSpec;
  /** Every server the node is, in profile order (narrowed to one backend with --backend). */
  readonly servers: readonly ServerRef[];
}

export function findNode(profile: Profile, name: string): Result<NodeSpec> {
  const node = profile.nodes.find((n) => n.name === name);
  if (node !== undefined) return { ok: true, value: node };
  const names = profile.nodes.map((n) => n.name);
  const meant = likelyMeant(name, names);
  const suggestion = meant !== undefined ? `; did you mean "${meant}"?` : '';
  return { ok: false, reason: `no node named "${name}" in profile ${profile.name} (nodes: ${names.join(', ')})${suggestion}` };
}

export function nodeServers(profile: Profile, name: string, backend?: string): Result<NodeServers> {
  const found = findNode(profile, name);
  if (!found.ok) return found;
  const node = found.value;
  if (node.servers.length === 0) {
    const workers = profile.workers.map((w) => w.name).join(', ');
    return { ok: false, reason: `${node.name} is not an HAProxy server (the servers are on: ${workers})` };
  }
  if (backend === undefined) return { ok: true, value: { node, servers: node.servers } };
  const servers = node.servers.filter((s) => s.backend === backend);
  if (servers.length === 0) {
    const own = node.servers.map((s) => `${s.backend}/${s.server}`).join(', ');
    return { ok: false, reason: `${node.name} has no server in backend "${backend}" (its servers: ${own})` };
  }
  return { ok: true, value: { node, servers } };
}

export function nodeService(profile: Profile, name: string, service: string): Result<NodeSpec> {
  const found = findNode(profile, name);
  if (!found.ok) return found;
  const node = found.value;
  if (node.services.includes(service)) return found;
  if (node.services.length === 0) {
    return { ok: false, reason: `${node.name} lists no services in profile ${profile.name}; add "${service}" to its services to restart it` };
  }
  const meant = likelyMeant(service, node.services);
  const suggestion = meant !== undefined ? `; did you mean "${meant}"?` : '';
  return { ok: false, reason: `${node.name} has no service "${service}" (its services: ${node.services.join(', ')})${suggestion}` };
}

/** The profile cut down to `names` and the nodes they jump through, so only those are connected. */
export function profileForNodes(profile: Profile, names: readonly string[]): Profile {
  const wanted = new Set(names);
  for (const n of profile.nodes) if (wanted.has(n.name) && n.ssh.jump !== undefined) wanted.add(n.ssh.jump);
  return {
    ...profile,
    nodes: profile.nodes.filter((n) => wanted.has(n.name)),
    workers: profile.workers.filter((n) => wanted.has(n.name)),
  };
}
