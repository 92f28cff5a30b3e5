import { statRates } from '../../core/haproxy/stat-rates.js';
import type { NodeSpec, Profile } from '../../core/profile/profile.js';
import { buildStatusReport, type HaproxyProbeResult, type NodeProbeResult, type StatusReport } from '../../core/status/status-report.js';
import { createNodeProber } from '../health/node-prober.js';
import { headHaproxyClient } from '../haproxy/head-client.js';
import type { ClusterConnections } from '../ssh/cluster-connections.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';

export interface TakeStatusOptions {
  /** Per node connect and per remote request (default 10 s). */
  readonly timeoutMs?: number;
  /** Time between the two samples rates come from: CPU, network, HAProxy (default 300 ms). */
  readonly sampleMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Two polls of the node's health prober `sampleMs` apart (CPU and network are rates). The first
 * poll also checks the services; the second starts when the first is done or `sampleMs` has
 * passed, whichever is later.
 */
async function probeNode(node: NodeSpec, transport: NodeTransport, timeoutMs: number, sampleMs: number): Promise<NodeProbeResult> {
  const up = await transport.ready(timeoutMs);
  if (!up.ok) return { reachable: false, error: up.error };
  const server = transport.status().server;
  const sshServer = server === undefined ? {} : { sshServer: server };
  // No SFTP subsystem (a minimal image) is no reason to call the node unreachable: the prober
  // then reads the same files with one exec per poll.
  const prober = createNodeProber({ node, transport, timeoutMs });
  try {
    const started = Date.now();
    await prober.poll();
    await sleep(sampleMs - (Date.now() - started));
    return { reachable: true, ...sshServer, health: await prober.poll() };
  } finally {
    prober.stop();
  }
}

/** `show info` once and `show stat` twice, `sampleMs` apart, for the rates. */
async function probeHaproxy(profile: Profile, connections: ClusterConnections, timeoutMs: number, sampleMs: number): Promise<HaproxyProbeResult> {
  const head = connections.get(profile.head.name);
  const up = await head.ready(timeoutMs);
  if (!up.ok) return { ok: false, error: `HAProxy not read: ${up.error.message}` };
  const client = headHaproxyClient(profile, connections, timeoutMs);
  const [info, first] = await Promise.all([client.info(), client.stats()]);
  if (!first.ok) return { ok: false, error: first.error.message };
  await sleep(first.value.atMs + sampleMs - Date.now());
  const second = await client.stats();
  const stats = second.ok ? second.value : first.value;
  const failed = stats.failed.map((f) => `${f.process}: ${f.error.message}`);
  return {
    ok: true,
    ...(info.ok && info.value.values[0] !== undefined && { version: info.value.values[0].value.version.text }),
    records: stats.records,
    problems: [...failed, ...stats.problems],
    ...(second.ok && {
      rates: statRates(first.value, second.value),
      rateIntervalMs: second.value.atMs - first.value.atMs,
    }),
  };
}

/** One parallel snapshot of every node and HAProxy; one failing node never holds up the rest. */
export async function takeStatus(profile: Profile, connections: ClusterConnections, options: TakeStatusOptions = {}): Promise<StatusReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sampleMs = options.sampleMs ?? 300;
  const [nodeResults, haproxy] = await Promise.all([
    Promise.all(profile.nodes.map(async (n) => [n.name, await probeNode(n, connections.get(n.name), timeoutMs, sampleMs)] as const)),
    probeHaproxy(profile, connections, timeoutMs, sampleMs),
  ]);
  return buildStatusReport(profile, new Map(nodeResults), haproxy);
}
