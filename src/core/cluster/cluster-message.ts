import type { NodeHealth } from '../health/node-health.js';
import type { HaproxyInfo } from '../haproxy/show-info.js';
import type { AggregatedRecord } from '../haproxy/stat-aggregate.js';
import type { ConnectionStatus } from '../ports/node-transport.js';
import type { ActionActivity, EventLevel, LoadTestActivity } from './cluster-state.js';

/** Everything that can change the cluster state: what the monitor saw and what picon did. */
export type ClusterMessage =
  | { readonly type: 'connection'; readonly node: string; readonly at: number; readonly connection: ConnectionStatus }
  | { readonly type: 'health'; readonly node: string; readonly at: number; readonly health: NodeHealth }
  | {
      readonly type: 'haproxy-stats';
      readonly at: number;
      readonly records: readonly AggregatedRecord[];
      /** Unreadable rows and processes that did not answer, one line each. */
      readonly problems: readonly string[];
    }
  | { readonly type: 'haproxy-info'; readonly at: number; readonly info: HaproxyInfo; readonly processes: number }
  | { readonly type: 'haproxy-error'; readonly at: number; readonly error: string }
  | { readonly type: 'log'; readonly at: number; readonly level: EventLevel; readonly text: string }
  | { readonly type: 'action-started'; readonly at: number; readonly label: string; readonly target: string }
  | {
      readonly type: 'action-progress';
      readonly at: number;
      readonly id: number;
      readonly message: string;
      readonly state?: Exclude<ActionActivity['state'], 'running'>;
    }
  | { readonly type: 'load-test'; readonly at: number; readonly activity: LoadTestActivity };
