import type { CurrentState } from '../actions/interrupted-action.js';
import { valueOf } from '../health/metric.js';
import type { ClusterState } from './cluster-state.js';

/** What the console's last poll says about an interrupted action's targets. */
export function clusterCurrentState(state: ClusterState): CurrentState {
  return {
    server(target) {
      const row = state.haproxy.servers.find((s) => `${s.backend}/${s.server}` === target);
      if (row === undefined) return undefined;
      return { status: row.record.status?.raw ?? null, weight: row.record.weight ?? null, sessions: row.record.currentSessions ?? null };
    },
    serviceActive(node, service) {
      const row = state.nodes.find((n) => n.spec.name === node);
      const health = row?.health.services.find((s) => s.name === service);
      if (health === undefined) return undefined;
      return valueOf(health.state)?.running ?? null;
    },
  };
}
