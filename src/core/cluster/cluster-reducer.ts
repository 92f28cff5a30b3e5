import { haproxyLoad } from '../haproxy/haproxy-load.js';
import type { ClusterMessage } from './cluster-message.js';
import type { ClusterState, NodeRow } from './cluster-state.js';
import { withEvents, type NewEvent } from './event-log.js';
import { stepHaproxyStats } from './haproxy-step.js';
import { connectionEvents, healthEvents } from './node-events.js';

const MAX_ACTIONS = 20;

/** Maps "backend/server" to the node that is that server; built once per profile. */
export function serverOwners(state: ClusterState): ReadonlyMap<string, string> {
  const owners = new Map<string, string>();
  for (const n of state.nodes) for (const s of n.spec.servers) owners.set(`${s.backend}/${s.server}`, n.spec.name);
  return owners;
}

function updateNode(state: ClusterState, name: string, change: (row: NodeRow) => [NodeRow, NewEvent[]]): [ClusterState, NewEvent[]] {
  let events: NewEvent[] = [];
  const nodes = state.nodes.map((row) => {
    if (row.spec.name !== name) return row;
    const [next, e] = change(row);
    events = e;
    return next;
  });
  return [{ ...state, nodes }, events];
}

export function reduceCluster(state: ClusterState, message: ClusterMessage, owners = serverOwners(state)): ClusterState {
  switch (message.type) {
    case 'connection': {
      const [next, events] = updateNode(state, message.node, (row) => [
        { ...row, connection: message.connection },
        connectionEvents(message.node, row.connection, message.connection),
      ]);
      return withEvents(next, message.at, events);
    }
    case 'health': {
      const [next, events] = updateNode(state, message.node, (row) => [
        { ...row, health: message.health },
        healthEvents(message.node, row.health, message.health),
      ]);
      return withEvents(next, message.at, events);
    }
    case 'haproxy-stats': {
      const { state: next, events } = stepHaproxyStats(state, message, owners);
      return withEvents(next, message.at, events);
    }
    case 'haproxy-info': {
      const pane = state.haproxy;
      const pid = message.info.pid;
      const events: NewEvent[] =
        pane.pid !== undefined && pid !== undefined && pid !== pane.pid
          ? [{ level: 'warn', text: `head: HAProxy restarted (pid ${pane.pid}→${pid})` }]
          : [];
      return withEvents(
        {
          ...state,
          haproxy: {
            ...pane,
            version: message.info.version.text,
            ...(pid !== undefined && { pid }),
            processes: message.processes,
            load: haproxyLoad([message.info], message.processes),
          },
        },
        message.at,
        events,
      );
    }
    case 'haproxy-error': {
      const pane = state.haproxy;
      const events: NewEvent[] = pane.state !== 'error' ? [{ level: 'error', text: `HAProxy: ${message.error}` }] : [];
      return withEvents({ ...state, haproxy: { ...pane, state: 'error', error: message.error } }, message.at, events);
    }
    case 'log':
      return withEvents(state, message.at, [{ level: message.level, text: message.text }]);
    case 'action-started': {
      const id = state.nextId;
      const actions = [
        ...state.actions,
        { id, label: message.label, target: message.target, state: 'running' as const, startedAt: message.at },
      ].slice(-MAX_ACTIONS);
      return withEvents({ ...state, nextId: id + 1, actions }, message.at, [{ level: 'info', text: `${message.label}…` }]);
    }
    case 'action-progress': {
      const action = state.actions.find((a) => a.id === message.id);
      if (action === undefined) return state;
      const finished = message.state !== undefined;
      const actions = state.actions.map((a) =>
        a.id === message.id ? { ...a, message: message.message, ...(finished && { state: message.state }) } : a,
      );
      const events: NewEvent[] = finished
        ? [{ level: message.state === 'failed' ? 'error' : 'info', text: `${action.label}: ${message.message}` }]
        : [];
      return withEvents({ ...state, actions }, message.at, events);
    }
    case 'load-test': {
      const before = state.loadTest;
      const finished = message.activity.state !== 'running' && before?.state === 'running';
      const events: NewEvent[] = finished
        ? [
            {
              level: message.activity.state === 'done' ? (message.activity.throttled === true ? 'warn' : 'info') : 'error',
              text: `load test ${message.activity.label} ${message.activity.state}${message.activity.summary !== undefined ? `: ${message.activity.summary}` : ''}`,
            },
          ]
        : before?.state !== 'running' && message.activity.state === 'running'
          ? [{ level: 'info', text: `load test ${message.activity.label} started` }]
          : [];
      return withEvents({ ...state, loadTest: message.activity }, message.at, events);
    }
  }
}
