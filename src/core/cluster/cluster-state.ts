import type { HaproxyLoad } from '../haproxy/haproxy-load.js';
import { initialHealth, type NodeHealth } from '../health/node-health.js';
import type { AggregatedRecord } from '../haproxy/stat-aggregate.js';
import type { StatRates, StatSnapshot } from '../haproxy/stat-rates.js';
import type { ConnectionStatus } from '../ports/node-transport.js';
import type { NodeSpec, Profile } from '../profile/profile.js';

/**
 * Everything the console and the wallboard show: one immutable value, changed only by
 * `reduceCluster` (cluster-reducer.ts). Views render it; the monitor feeds it.
 */

/** Samples kept per series for sparklines and charts (one per second). */
export const HISTORY_SECONDS = 300;
export const SPARKLINE_SECONDS = 60;
export const MAX_EVENTS = 200;

export interface NodeRow {
  readonly spec: NodeSpec;
  /** The transport's own status, as it reported it last. */
  readonly connection: ConnectionStatus;
  readonly health: NodeHealth;
}

export interface ServerRow {
  readonly backend: string;
  readonly server: string;
  /** The profile's node that is this server, if any. */
  readonly node: string | null;
  readonly record: AggregatedRecord;
  readonly rates?: StatRates;
  /** Requests/s, oldest first, at most SPARKLINE_SECONDS (undefined = no rate that second). */
  readonly requestHistory: readonly (number | undefined)[];
}

export interface ProxyTotals {
  readonly requestsPerSecond?: number;
  readonly bytesOutPerSecond?: number;
  readonly http5xxPerSecond?: number;
  readonly currentSessions?: number;
}

export interface HaproxyPane {
  readonly state: 'connecting' | 'ok' | 'error';
  readonly error?: string;
  /** When the last good poll was answered. */
  readonly updatedAt?: number;
  readonly version?: string;
  /** Master pid (or the process pid): a change means HAProxy was restarted. */
  readonly pid?: number;
  readonly processes?: number;
  /** Idle %, threads and run queue from the last `show info`. */
  readonly load?: HaproxyLoad;
  readonly servers: readonly ServerRow[];
  /** All frontends together. */
  readonly frontend: ProxyTotals;
  /** Disagreements between processes and unreadable rows, one line each. */
  readonly warnings: readonly string[];
  /** The last poll, for the next poll's rates. */
  readonly previous?: StatSnapshot;
}

export interface ThroughputPoint {
  readonly at: number;
  readonly requestsPerSecond: number;
  readonly bytesOutPerSecond: number;
  /** Requests/s per "backend/server". */
  readonly perServer: Readonly<Record<string, number>>;
}

export type EventLevel = 'info' | 'warn' | 'error';

export interface ClusterEvent {
  readonly id: number;
  readonly at: number;
  readonly level: EventLevel;
  readonly text: string;
}

export interface ActionActivity {
  readonly id: number;
  /** What a person asked for, e.g. "drain p2". */
  readonly label: string;
  readonly target: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly startedAt: number;
  /** Progress while running, the result when finished. */
  readonly message?: string;
}

/** A load test in progress or the last one, as the console and wallboard show it. */
export interface LoadTestActivity {
  readonly label: string;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  readonly startedAt: number;
  /** 0–1 when known. */
  readonly progress?: number;
  readonly requestsPerSecond?: number;
  readonly completed?: number;
  readonly errors?: number;
  /** One-line summary of the result (or the failure). */
  readonly summary?: string;
  readonly throttled?: boolean;
}

export interface ClusterState {
  readonly profileName: string;
  readonly backends: readonly string[];
  readonly nodes: readonly NodeRow[];
  readonly haproxy: HaproxyPane;
  readonly throughput: readonly ThroughputPoint[];
  readonly events: readonly ClusterEvent[];
  readonly actions: readonly ActionActivity[];
  readonly loadTest?: LoadTestActivity;
  readonly nextId: number;
}

export function initialClusterState(profile: Profile, now: number): ClusterState {
  return {
    profileName: profile.name,
    backends: profile.haproxy.backends,
    nodes: profile.nodes.map((spec) => ({
      spec,
      connection: { state: 'connecting', since: now, attempts: 0 },
      health: initialHealth(spec.name, spec.services, now),
    })),
    haproxy: { state: 'connecting', servers: [], frontend: {}, warnings: [] },
    throughput: [],
    events: [],
    actions: [],
    nextId: 1,
  };
}
