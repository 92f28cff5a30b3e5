import type { ClusterState, NodeRow, ServerRow } from '../../../core/cluster/cluster-state.js';

/** The HAProxy servers that are this node, in backend order. */
export function serversOf(state: ClusterState, node: string): ServerRow[] {
  return state.haproxy.servers.filter((s) => s.node === node);
}

/** Words a filter matches: name, model, role, connection state, HAProxy states. */
function words(state: ClusterState, row: NodeRow): string {
  const servers = serversOf(state, row.spec.name).map((s) => s.record.status?.state ?? '');
  return [row.spec.name, row.spec.model ?? '', row.spec.role, row.connection.state, ...servers].join(' ').toLowerCase();
}

/** Nodes whose words contain every space-separated term of the filter (case-insensitive). */
export function visibleNodes(state: ClusterState, filter: string): NodeRow[] {
  const terms = filter.toLowerCase().split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return [...state.nodes];
  return state.nodes.filter((row) => {
    const text = words(state, row);
    return terms.every((t) => text.includes(t));
  });
}
