import { describe, expect, it } from 'vitest';
import { haproxyConfig } from '../../src/adapters/lab/haproxy-config.js';
import { labProfileData } from '../../src/adapters/lab/lab-profile.js';
import { planLab } from '../../src/adapters/lab/lab-plan.js';
import { nodeExporterArgv, prometheusArgv, prometheusConfig, scrapeIntervalSeconds } from '../../src/adapters/lab/prometheus-config.js';
import { profileSchema } from '../../src/core/profile/schema.js';

/** `lab up --metrics prometheus`: what each node runs and what Prometheus is told. */

const plan = (workers?: number, metrics = true) => {
  const p = planLab({ dir: '/tmp/lab', subnet: '127.0.72', ...(workers !== undefined && { workers }), ...(metrics && { metrics: 'prometheus' as const }) });
  if (!p.ok) throw new Error(p.reason);
  return p.plan;
};

describe('the lab with --metrics prometheus', () => {
  it('adds node_exporter to every node and Prometheus to the head; nothing without it', () => {
    expect(plan().nodes.map((n) => [n.name, n.services])).toEqual([
      ['head', ['sshd', 'haproxy', 'node-exporter', 'prometheus']],
      ['p1', ['sshd', 'webapp', 'nginx', 'node-exporter']],
      ['p2', ['sshd', 'webapp', 'nginx', 'node-exporter']],
      ['p3', ['sshd', 'webapp', 'nginx', 'node-exporter']],
      ['pi3', ['sshd', 'webapp', 'nginx', 'node-exporter']],
    ]);
    expect(plan(undefined, false).nodes.flatMap((n) => n.services)).not.toContain('node-exporter');
  });

  it('node_exporter: on the node\'s own address, only the collectors picon reads', () => {
    const p1 = plan().workerNodes[0]!;
    expect(nodeExporterArgv('/usr/bin/prometheus-node-exporter', p1)).toEqual([
      '/usr/bin/prometheus-node-exporter', '--web.listen-address=127.0.72.11:9100', '--collector.disable-defaults',
      '--collector.cpu', '--collector.loadavg', '--collector.meminfo', '--collector.filesystem', '--collector.netdev', '--collector.stat',
      '--collector.thermal_zone', '--collector.cpufreq', '--collector.filesystem.mount-points-exclude=^/.+',
      '--collector.textfile.directory=/tmp/lab/p1/node-exporter',
    ]);
    expect(prometheusArgv('/usr/bin/prometheus', plan().head)).toContain('--web.listen-address=127.0.72.1:9090');
  });

  it.each([[4, 1], [19, 1], [50, 3], [200, 11]])('%i workers: a scrape every %i s', (workers, seconds) => {
    expect(scrapeIntervalSeconds(workers + 1)).toBe(seconds);
    expect(prometheusConfig(plan(workers))).toContain(`scrape_interval: ${seconds}s`);
  });

  it('prometheus.yml labels every target with its node and scrapes HAProxy\'s exporter', () => {
    const text = prometheusConfig(plan());
    expect(text).toContain("- targets: ['127.0.72.14:9100']\n        labels: { node: 'pi3' }");
    expect(text).toContain("- job_name: haproxy\n    static_configs:\n      - targets: ['127.0.72.1:8404']");
    expect(haproxyConfig({ head: plan().head, workers: plan().workerNodes, exporter: true })).toContain(
      'frontend metrics\n    bind 127.0.72.1:8404\n    http-request use-service prometheus-exporter if { path /metrics }',
    );
  });

  it('the lab profile names the lab\'s Prometheus and its node label, and is a valid profile', () => {
    const data = labProfileData({ plan: plan(), user: 'u', nodeBin: '/n', mainJs: '/m.js' });
    expect(data['metrics']).toEqual({ prometheus: 'http://127.0.72.1:9090', match: { label: 'node', labels: { job: 'node' } }, window: '1m' });
    expect(profileSchema.safeParse(data).success).toBe(true);
  });
});
