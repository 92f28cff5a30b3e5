import type { ServerAtStart } from '../../core/loadtest/cluster-state.js';
import type { RunPlan } from '../../core/loadtest/run-plan.js';
import type { Profile } from '../../core/profile/profile.js';
import { isServing } from '../../core/haproxy/server-status.js';
import { statKey } from '../../core/haproxy/stat-record.js';
import { remoteCommand } from '../../core/remote/shell-quote.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import type { Result } from '../../core/result.js';
import { localCpu } from './local-cpu.js';
import type { HaproxySnapshot } from './run-load-test.js';
import { createRunSampler, type RunSampler } from './run-sampler.js';
import { servicePids, servicePorts } from './service-pids.js';

/** The snapshot and the sampler runLoadTest takes, built on the HAProxy client and the nodes' SSH. */

/** Each server's session and 5xx counters, weight and status in the backends of interest, plus the version. */
export function haproxySnapshot(client: HaproxyClient, backends: readonly string[]): () => Promise<Result<HaproxySnapshot>> {
  return async () => {
    const [stats, info] = await Promise.all([client.stats(), client.info()]);
    if (!stats.ok) return { ok: false, reason: `HAProxy: ${stats.error.message}` };
    const counters = new Map<string, number>();
    const errors5xx = new Map<string, number>();
    const servers: ServerAtStart[] = [];
    for (const record of stats.value.records) {
      if (record.type !== 'server' || !backends.includes(record.proxy)) continue;
      const key = statKey(record);
      counters.set(key, record.totalSessions ?? 0);
      if (record.http5xx !== undefined) errors5xx.set(key, record.http5xx);
      servers.push({ server: key, weight: record.weight ?? 0, status: record.status?.raw ?? '?', out: !isServing(record.status) });
    }
    const version = info.ok ? info.value.values[0]?.value.version.text : undefined;
    return { ok: true, value: { counters, errors5xx, cluster: { ...(version !== undefined && { haproxyVersion: version }), servers } } };
  };
}

/** The run sampler for a cluster run: every node of the profile, HAProxy's `show info` on the head, the generator where the plan runs it. */
export function clusterRunSampler(profile: Profile, nodes: { get(name: string): NodeTransport }, client: HaproxyClient, plan: RunPlan, env: NodeJS.ProcessEnv): RunSampler {
  return createRunSampler({
    nodes: profile.nodes.map((n) => {
      const transport = nodes.get(n.name);
      const worker = profile.workers.find((w) => w.name === n.name);
      return {
        name: n.name, role: n.name === profile.head.name ? 'head' : 'worker', transport,
        ...(worker !== undefined && { services: () => servicePids(transport, worker.address, servicePorts(profile.urls, worker.address)) }),
      };
    }),
    haproxyInfo: async () => {
      const info = await client.info();
      return info.ok ? info.value.values.map((v) => v.value) : info.error.message;
    },
    generator: plan.engine === 'ab' && plan.from !== undefined ? { kind: 'node', node: plan.from } : { kind: 'picon' },
    localCpu: localCpu(),
    // Off only for the sampling-cost bench (test/bench/sampling-cost.mjs): samples before and after the run, none during it
    // (then no bottleneck verdict either: it needs the samples during the run).
    duringRun: env.PICON_RUN_SAMPLING !== 'off',
  });
}
