import { initialClusterState, type ClusterState } from '../../core/cluster/cluster-state.js';
import type { Clock } from '../../core/ports/clock.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { HealthSource } from '../../core/ports/health-source.js';
import type { ConnectionStatus, NodeTransport } from '../../core/ports/node-transport.js';
import type { Profile } from '../../core/profile/profile.js';
import { createClusterStore, type ClusterStore } from './cluster-store.js';
import { createHaproxyPoller, type HaproxyPoller } from './haproxy-poller.js';

export interface ClusterMonitor {
  readonly profile: Profile;
  readonly store: ClusterStore;
  readonly haproxyPoller: HaproxyPoller;
  start(): void;
  /** The node's services are checked on its next poll (after a restart), not when next due. */
  recheckServices(node: string): void;
  /** Stops polling and closes what it was given to close (the connections). */
  stop(): void;
  getState(): ClusterState;
}

/** What the monitor watches, built by the composition root (src/cli/runtime.ts). */
export interface MonitorParts {
  readonly profile: Profile;
  readonly haproxy: HaproxyClient;
  /** Every node's health, from one source per node or one for many. */
  readonly healthSources: readonly HealthSource[];
  /** Whose connection changes the monitor reports. */
  readonly transports: readonly Pick<NodeTransport, 'node' | 'status' | 'onStatusChange'>[];
  /** Called by stop(), once polling has stopped. */
  readonly close?: () => void;
  readonly intervalMs?: number;
  readonly clock?: Clock;
}

/**
 * The one polling stack behind the console and the wallboard: every node's health from its
 * source, HAProxy over the head's connection, connection changes — all into one store.
 */
export function createClusterMonitor(parts: MonitorParts): ClusterMonitor {
  const { profile, healthSources } = parts;
  const clock = parts.clock ?? Date.now;
  const store = createClusterStore(initialClusterState(profile, clock()));
  const haproxyPoller = createHaproxyPoller(parts.haproxy, store.dispatch, { intervalMs: parts.intervalMs ?? 1000, clock });
  const unsubscribes: (() => void)[] = [];

  return {
    profile,
    store,
    haproxyPoller,
    getState: store.getState,
    start() {
      for (const source of healthSources) {
        unsubscribes.push(source.subscribe((readings) => {
          for (const r of readings) store.dispatch({ type: 'health', node: r.node, at: clock(), health: r.health });
        }));
        const off = source.onNotice?.((n) => store.dispatch({ type: 'log', at: clock(), level: n.level, text: n.text }));
        if (off !== undefined) unsubscribes.push(off);
      }
      for (const transport of parts.transports) {
        const report = (connection: ConnectionStatus): void => store.dispatch({ type: 'connection', node: transport.node, at: clock(), connection });
        unsubscribes.push(transport.onStatusChange(report));
        // A connection that got somewhere before the monitor was built (the state starts at 'connecting').
        const now = transport.status();
        if (now.state !== 'connecting') report(now);
      }
      for (const source of healthSources) source.start();
      haproxyPoller.start();
    },
    recheckServices(node) {
      for (const source of healthSources) if (source.nodes.includes(node)) source.recheckServices(node);
    },
    stop() {
      haproxyPoller.stop();
      for (const source of healthSources) source.stop();
      for (const u of unsubscribes) u();
      parts.close?.();
    },
  };
}
