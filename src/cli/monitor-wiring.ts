import { proberHealthSource } from '../adapters/health/prober-health-source.js';
import { prometheusHealthSource } from '../adapters/health/prometheus-health-source.js';
import { headHaproxyClient } from '../adapters/haproxy/head-client.js';
import { createClusterMonitor, type ClusterMonitor } from '../adapters/monitor/cluster-monitor.js';
import type { ClusterConnections } from '../adapters/ssh/cluster-connections.js';
import type { Clock } from '../core/ports/clock.js';
import type { HaproxyClient } from '../core/ports/haproxy-runtime.js';
import type { HealthSource } from '../core/ports/health-source.js';
import type { Profile } from '../core/profile/profile.js';

export interface SourceOptions {
  readonly intervalMs?: number;
  /** Per SFTP request and remote command. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

/**
 * Every node's health source: one SSH prober per node over the node's own connection, or — when
 * the profile names a Prometheus server — one source for the whole fleet, falling back to a
 * node's prober only for a node Prometheus has no target for.
 */
export function healthSources(profile: Profile, connections: Pick<ClusterConnections, 'get'>, options: SourceOptions = {}): HealthSource[] {
  const fleet = fleetHealthSource(profile, connections, options);
  return fleet !== undefined ? [fleet] : profile.nodes.map((node) => healthSourceOf(profile, connections, node.name, options));
}

/** The Prometheus source of a profile with `metrics:`, else undefined. */
export function fleetHealthSource(profile: Profile, connections: Pick<ClusterConnections, 'get'>, options: SourceOptions = {}): HealthSource | undefined {
  if (profile.metrics === undefined) return undefined;
  return prometheusHealthSource({
    spec: profile.metrics,
    nodes: profile.nodes,
    fallback: (node) => healthSourceOf(profile, connections, node, options),
    ...(options.intervalMs !== undefined && { intervalMs: options.intervalMs }),
    ...(options.clock !== undefined && { clock: options.clock }),
  });
}

export function healthSourceOf(profile: Profile, connections: Pick<ClusterConnections, 'get'>, name: string, options: SourceOptions = {}): HealthSource {
  const node = profile.nodes.find((n) => n.name === name);
  if (node === undefined) throw new Error(`no node ${name} in profile ${profile.name}`);
  return proberHealthSource({ node, transport: connections.get(name), ...options });
}

export interface MonitorOptions {
  readonly intervalMs?: number;
  readonly clock?: Clock;
  /** The head's client (shared with load tests); default: a new one. */
  readonly haproxy?: HaproxyClient;
}

/** The cluster monitor over a profile's connections; stop() closes them. */
export function monitorOver(profile: Profile, connections: ClusterConnections, options: MonitorOptions = {}): ClusterMonitor {
  const { intervalMs, clock } = options;
  return createClusterMonitor({
    profile,
    haproxy: options.haproxy ?? headHaproxyClient(profile, connections),
    healthSources: healthSources(profile, connections, { ...(intervalMs !== undefined && { intervalMs }), ...(clock !== undefined && { clock }) }),
    transports: profile.nodes.map((n) => connections.get(n.name)),
    close: () => connections.closeAll(),
    ...(intervalMs !== undefined && { intervalMs }),
    ...(clock !== undefined && { clock }),
  });
}
