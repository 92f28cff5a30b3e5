import type { CurrentState } from '../actions/interrupted-action.js';
import type { StatusReport } from './status-report.js';

/** What a status snapshot says now about an interrupted action's targets. */
export function statusCurrentState(report: StatusReport): CurrentState {
  return {
    server(target) {
      const s = report.haproxy.servers.find((x) => `${x.backend}/${x.server}` === target);
      return s === undefined ? undefined : { status: s.status, weight: s.weight, sessions: s.currentSessions };
    },
    serviceActive(node, service) {
      const n = report.nodes.find((x) => x.name === node);
      const s = n?.services.find((x) => x.name === service);
      return s === undefined ? undefined : s.running;
    },
  };
}
