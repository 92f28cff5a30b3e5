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

/** Instant gauges, read as they were last scraped. */
export const GAUGES = [
  'node_load1', 'node_load5', 'node_load15', 'node_procs_running',
  'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes',
  'node_filesystem_size_bytes', 'node_filesystem_avail_bytes', 'node_filesystem_free_bytes',
  'node_boot_time_seconds', 'node_thermal_zone_temp',
  'node_cpu_scaling_frequency_hertz', 'node_cpu_frequency_max_hertz',
] as const;

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

export function healthQueries(spec: MetricsSpec, services: readonly string[]): HealthQuery[] {
  const sel = fleetMatchers(spec);
  const w = spec.window;
  const queries: HealthQuery[] = [
    // Which nodes Prometheus scrapes, and whether the last scrape worked.
    { name: 'up', promql: `up{${sel}}` },
    // When each node was last scraped: an instant query's own timestamps are the query's time.
    { name: 'sampledAt', promql: `timestamp(node_load1{${sel}})` },
    { name: 'gauges', promql: `{__name__=~${promqlString(GAUGES.join('|'))},${sel}}` },
    // irate: the rate over the last two samples in the window, so as recent as the scrapes.
    { name: 'cpu', promql: `irate(node_cpu_seconds_total{mode=~"idle|iowait",${sel}}[${w}])` },
    {
      name: 'network',
      promql:
        `label_replace(irate(node_network_receive_bytes_total{device!="lo",${sel}}[${w}]), "direction", "rx", "", "")` +
        ` or label_replace(irate(node_network_transmit_bytes_total{device!="lo",${sel}}[${w}]), "direction", "tx", "", "")`,
    },
  ];
  const units = [...new Set(services)].map((s) => regexLiteral(`${s}.service`));
  if (units.length > 0) {
    queries.push({ name: 'services', promql: `node_systemd_unit_state{state="active",name=~${promqlString(units.join('|'))},${sel}}` });
  }
  return queries;
}
