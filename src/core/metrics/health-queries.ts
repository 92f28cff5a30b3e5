import type { MetricsSpec } from '../profile/profile.js';

/**
 * The PromQL picon asks a Prometheus server each refresh: the same handful of queries whatever
 * the fleet's size (each selects every node at once), built from the profile's `metrics:`. The
 * node_exporter metric names are those of node_exporter 1.x.
 */

export type HealthQueryName = 'up' | 'sampledAt' | 'gauges' | 'cpu' | 'network' | 'services';

export interface HealthQuery {
  readonly name: HealthQueryName;
  readonly promql: string;
}

/** Instant gauges, read as they were last scraped: each kept by name and node label only (and what picks one series). */
export const GAUGES = [
  'node_load1', 'node_load5', 'node_load15', 'node_procs_running',
  'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes', 'node_boot_time_seconds',
] as const;
/** Of the root file system only. */
export const ROOT_FS_GAUGES = ['node_filesystem_size_bytes', 'node_filesystem_avail_bytes', 'node_filesystem_free_bytes'] as const;
/** Of CPU 0 (a Pi's cores share one clock). */
export const CLOCK_GAUGES = ['node_cpu_scaling_frequency_hertz', 'node_cpu_frequency_max_hertz'] as const;

/** A PromQL string literal. */
export function promqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** RE2 syntax matching exactly this text. */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The label matchers that pick the profile's nodes' series: `node=~"p1|p2",job="node"`. */
export function fleetMatchers(spec: MetricsSpec): string {
  const values = [...new Set(spec.labelValues.values())].map(regexLiteral).join('|');
  const extra = Object.entries(spec.labels).map(([k, v]) => `${k}=${promqlString(v)}`);
  return [`${spec.label}=~${promqlString(values)}`, ...extra].join(',');
}

/**
 * Every query aggregates `by` the node label (and what the mapping needs), so the answers carry
 * no other labels: at 200 nodes the JSON to parse is a fifth of the raw series'.
 */
export function healthQueries(spec: MetricsSpec, services: readonly string[]): HealthQuery[] {
  const sel = fleetMatchers(spec);
  const w = spec.window;
  const by = (...labels: string[]): string => `by (${[...labels, spec.label].join(', ')})`;
  const names = (list: readonly string[]): string => `__name__=~${promqlString(list.join('|'))}`;
  const queries: HealthQuery[] = [
    // Which nodes Prometheus scrapes, and whether the last scrape worked.
    { name: 'up', promql: `max ${by()} (up{${sel}})` },
    // When each node was last scraped: an instant query's own timestamps are the query's time.
    { name: 'sampledAt', promql: `max ${by()} (timestamp(node_load1{${sel}}))` },
    // One selector (PromQL's `or` matches label sets without the name, so it would drop gauges):
    // `=~"/|"` and `=~"0|"` also match a series without that label.
    { name: 'gauges', promql: `max ${by('__name__', 'type')} ({${names([...GAUGES, ...ROOT_FS_GAUGES, ...CLOCK_GAUGES, 'node_thermal_zone_temp'])},mountpoint=~"/|",cpu=~"0|",${sel}})` },
    // irate: the rate over the last two samples in the window, so as recent as the scrapes.
    { name: 'cpu', promql: `sum ${by('cpu', 'mode')} (irate(node_cpu_seconds_total{mode=~"idle|iowait",${sel}}[${w}]))` },
    {
      name: 'network',
      promql:
        `sum ${by('device', 'direction')} (label_replace(irate(node_network_receive_bytes_total{device!="lo",${sel}}[${w}]), "direction", "rx", "", "")` +
        ` or label_replace(irate(node_network_transmit_bytes_total{device!="lo",${sel}}[${w}]), "direction", "tx", "", ""))`,
    },
  ];
  const units = [...new Set(services)].map((s) => regexLiteral(`${s}.service`));
  if (units.length > 0) {
    queries.push({ name: 'services', promql: `max ${by('name')} (node_systemd_unit_state{state="active",name=~${promqlString(units.join('|'))},${sel}})` });
  }
  return queries;
}
