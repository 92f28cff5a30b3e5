import { HAPROXY_EXPORTER_PORT, labFiles, NODE_EXPORTER_PORT, PROMETHEUS_PORT, type LabNodePlan, type LabPlan } from './lab-plan.js';

/**
 * `lab up --metrics prometheus`: what a fleet that already runs Prometheus looks like — a
 * node_exporter on every node (on the node's own address), HAProxy's built-in exporter on the
 * head, and a Prometheus server on the head's address scraping them all. Pure: argv and config text.
 */

/** The node_exporter collectors picon reads; every other collector is off, so 200 exporters stay cheap. */
export const NODE_EXPORTER_COLLECTORS = ['cpu', 'loadavg', 'meminfo', 'filesystem', 'netdev', 'stat', 'thermal_zone', 'cpufreq'] as const;

export function nodeExporterArgv(binary: string, node: LabNodePlan): string[] {
  return [
    binary,
    `--web.listen-address=${node.address}:${NODE_EXPORTER_PORT}`,
    '--collector.disable-defaults',
    ...NODE_EXPORTER_COLLECTORS.map((c) => `--collector.${c}`),
    // Only the root file system: the one picon shows.
    '--collector.filesystem.mount-points-exclude=^/.+',
    // Off (disable-defaults), but its directory names the node's own, so `lab status` knows the pid.
    `--collector.textfile.directory=${labFiles.nodeExporterTextfiles(node)}`,
  ];
}

export function prometheusArgv(binary: string, head: LabNodePlan): string[] {
  return [
    binary,
    `--config.file=${labFiles.prometheusConfig(head)}`,
    `--storage.tsdb.path=${labFiles.prometheusData(head)}`,
    '--storage.tsdb.retention.time=2h',
    `--web.listen-address=${head.address}:${PROMETHEUS_PORT}`,
    '--log.level=warn',
  ];
}

/**
 * The scrape interval: 1 s for a lab of up to 20 nodes; beyond that one more second per 20
 * nodes (200 workers: 11 s). On a 2-core machine each node_exporter scrape costs ~2 ms of CPU
 * and Prometheus ~1 ms more to ingest it; 201 targets a second would take most of a core.
 */
export function scrapeIntervalSeconds(nodes: number): number {
  return Math.max(1, Math.ceil(nodes / 20));
}

/** prometheus.yml: job `node` (each target labelled `node: NAME`) and job `haproxy`. */
export function prometheusConfig(plan: LabPlan): string {
  const interval = scrapeIntervalSeconds(plan.nodes.length);
  const lines = [
    '# picon lab: Prometheus on the head (written by `picon lab up --metrics prometheus`)',
    'global:',
    `  scrape_interval: ${interval}s`,
    `  scrape_timeout: ${interval}s`,
    `  evaluation_interval: ${interval}s`,
    'scrape_configs:',
    '  - job_name: node',
    '    static_configs:',
    ...plan.nodes.flatMap((n) => [
      `      - targets: ['${n.address}:${NODE_EXPORTER_PORT}']`,
      `        labels: { node: '${n.name}' }`,
    ]),
    '  - job_name: haproxy',
    '    static_configs:',
    `      - targets: ['${plan.head.address}:${HAPROXY_EXPORTER_PORT}']`,
    `        labels: { node: '${plan.head.name}' }`,
    '',
  ];
  return lines.join('\n');
}

export const prometheusUrl = (head: LabNodePlan): string => `http://${head.address}:${PROMETHEUS_PORT}`;
