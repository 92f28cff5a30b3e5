import type { ClusterState, NodeRow, ServerRow } from '../../../core/cluster/cluster-state.js';
import { sortNodes, type NodeSort } from './node-sort.js';

/** The HAProxy servers that are this node, in backend order. */
export function serversOf(state: ClusterState, node: string): ServerRow[] {
  return state.haproxy.servers.filter((s) => s.node === node);
}

/** Words a filter matches: name, model, role, tags, connection state, HAProxy states. */
function words(state: ClusterState, row: NodeRow): string {
  const servers = serversOf(state, row.spec.name).map((s) => s.record.status?.state ?? '');
  return [row.spec.name, row.spec.model ?? '', row.spec.role, ...(row.spec.tags ?? []), row.connection.state, ...servers].join(' ').toLowerCase();
}

/** One term of a filter: `tag:web` (a tag of that name), `model:zero` (in the model), else a word anywhere. */
function matches(state: ClusterState, row: NodeRow, term: string): boolean {
  if (term.startsWith('tag:')) return (row.spec.tags ?? []).some((t) => t.toLowerCase() === term.slice(4));
  if (term.startsWith('model:')) return (row.spec.model ?? '').toLowerCase().includes(term.slice(6));
  return words(state, row).includes(term);
}

/** Nodes that match every space-separated term of the filter (case-insensitive), in the sort's order. */
export function visibleNodes(state: ClusterState, filter: string, sort?: NodeSort): NodeRow[] {
  const terms = filter.toLowerCase().split(/\s+/).filter((t) => t !== '');
  const shown = terms.length === 0 ? state.nodes : state.nodes.filter((row) => terms.every((t) => matches(state, row, t)));
  return sortNodes(state, shown, sort);
}
