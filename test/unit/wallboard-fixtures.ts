import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import { initialClusterState, type ClusterState } from '../../src/core/cluster/cluster-state.js';
import type { ConnectionStatus } from '../../src/core/ports/node-transport.js';
import { fresh, unknown, type Metric } from '../../src/core/health/metric.js';
import type { NodeHealth, ThrottlingReading } from '../../src/core/health/node-health.js';
import { decodeThrottling } from '../../src/core/health/throttling.js';
import { aggregateStats, type AggregatedRecord } from '../../src/core/haproxy/stat-aggregate.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { haproxyFixture } from './haproxy-fixtures.js';

/** Cluster states for the wallboard's mapping tests, built through the real reducer. */

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** The captured 2.6 fixtures name servers s1–s4 in backend web; w3 is server s3, s4 is no node. */
const PROFILE = `
name: wall
head: { address: 127.0.0.1, haproxy: { sockets: [/run/admin.sock], backends: [web] } }
workers:
  - { name: s1, address: 127.0.0.2 }
  - { name: s2, address: 127.0.0.3 }
  - { name: w3, address: 127.0.0.4, servers: [web/s3] }
`;

export function wallProfile(): Profile {
  const r = parseProfile(PROFILE, '/tmp/wall.yaml', '/root');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.profile;
}

export const captured = (file = '2.6/show-stat.csv'): AggregatedRecord[] =>
  aggregateStats([{ process: 'p1', records: parseStatCsv(haproxyFixture(file)).records }]);

/** The records with some counters moved on, as a later poll shows them. */
export function later(records: readonly AggregatedRecord[], change: Record<string, Partial<AggregatedRecord>>): AggregatedRecord[] {
  return records.map((r) => ({ ...r, ...(change[`${r.proxy}/${r.service}`] ?? {}) }));
}

export const stats = (state: ClusterState, at: number, records: readonly AggregatedRecord[]): ClusterState =>
  reduceCluster(state, { type: 'haproxy-stats', at, records, problems: [] });

export const up = (since = T0): ConnectionStatus => ({ state: 'up', since, attempts: 1 });

/** The captured throttled value of a Pi Zero on a weak supply: under-voltage and throttled now and since boot. */
export const THROTTLED_CAPTURE = 0x50005;

export const throttling = (raw: number, at = T0): Metric<ThrottlingReading> => fresh({ ...decodeThrottling(raw), source: 'vcgencmd' }, at);

export interface NodeReadings {
  readonly cpu?: NodeHealth['cpu'];
  readonly celsius?: number;
  readonly temperature?: NodeHealth['temperature'];
  readonly throttling?: NodeHealth['throttling'];
  readonly connection?: ConnectionStatus;
}

const cpu = (busyPercent: number, at = T0) => fresh({ busyPercent, iowaitPercent: 0, cores: [] }, at);

/** Sets a node's connection and readings through the reducer, as the monitor would. */
export function withNode(state: ClusterState, name: string, readings: NodeReadings & { busy?: number }, at = T0): ClusterState {
  const row = state.nodes.find((n) => n.spec.name === name);
  if (row === undefined) throw new Error(`no node ${name}`);
  const connected = reduceCluster(state, { type: 'connection', node: name, at, connection: readings.connection ?? up() });
  const health: NodeHealth = {
    ...row.health,
    at,
    cpu: readings.cpu ?? (readings.busy !== undefined ? cpu(readings.busy, at) : unknown('not read yet')),
    temperature: readings.temperature ?? (readings.celsius !== undefined ? fresh({ celsius: readings.celsius, source: 'thermal-zone' }, at) : unknown('no thermal zone')),
    throttling: readings.throttling ?? unknown('no vcgencmd'),
  };
  return reduceCluster(connected, { type: 'health', node: name, at, health });
}

export const emptyState = (): ClusterState => initialClusterState(wallProfile(), T0);
