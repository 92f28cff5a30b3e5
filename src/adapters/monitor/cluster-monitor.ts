import { initialClusterState, type ClusterState } from '../../core/cluster/cluster-state.js';
import type { Profile } from '../../core/profile/profile.js';
import { createNodeProber, type NodeProber } from '../health/node-prober.js';
import { headHaproxyClient } from '../haproxy/head-client.js';
import { type HaproxyClient } from '../haproxy/runtime-client.js';
import type { ClusterConnections } from '../ssh/cluster-connections.js';
import { createClusterStore, type ClusterStore } from './cluster-store.js';
import { createHaproxyPoller, type HaproxyPoller } from './haproxy-poller.js';

export interface ClusterMonitor {
  readonly profile: Profile;
  readonly store: ClusterStore;
  readonly connections: ClusterConnections;
  readonly haproxy: HaproxyClient;
  readonly haproxyPoller: HaproxyPoller;
  start(): void;
  /** The node's services are checked on its next poll (after a restart), not when next due. */
  recheckServices(node: string): void;
  /** Stops polling and closes every connection. */
  stop(): void;
  getState(): ClusterState;
}

export interface MonitorOptions {
  readonly intervalMs?: number;
  readonly clock?: () => number;
}

/**
 * The one polling stack behind the console and the wallboard: every node's health over its own
 * connection, HAProxy over the head's, connection changes — all into one store.
 */
export function createClusterMonitor(profile: Profile, connections: ClusterConnections, options: MonitorOptions = {}): ClusterMonitor {
  const clock = options.clock ?? Date.now;
  const intervalMs = options.intervalMs ?? 1000;
  const store = createClusterStore(initialClusterState(profile, clock()));
  const haproxy = headHaproxyClient(profile, connections);
  const haproxyPoller = createHaproxyPoller(haproxy, store.dispatch, { intervalMs, clock });
  const probers = new Map<string, NodeProber>();
  const unsubscribes: (() => void)[] = [];

  return {
    profile,
    store,
    connections,
    haproxy,
    haproxyPoller,
    getState: store.getState,
    start() {
      for (const node of profile.nodes) {
        const transport = connections.get(node.name);
        const prober = createNodeProber({ node, transport, intervalMs, clock });
        probers.set(node.name, prober);
        unsubscribes.push(prober.subscribe((health) => store.dispatch({ type: 'health', node: node.name, at: clock(), health })));
        unsubscribes.push(
          transport.onStatusChange((s) =>
            store.dispatch({
              type: 'connection',
              node: node.name,
              at: clock(),
              connection: {
                state: s.state,
                since: s.since,
                attempts: s.attempts,
                ...(s.error !== undefined && { error: s.error }),
                ...(s.server !== undefined && { server: s.server }),
              },
            }),
          ),
        );
        prober.start();
      }
      haproxyPoller.start();
    },
    recheckServices(node) {
      probers.get(node)?.recheckServices();
    },
    stop() {
      haproxyPoller.stop();
      for (const p of probers.values()) p.stop();
      for (const u of unsubscribes) u();
      connections.closeAll();
    },
  };
}
