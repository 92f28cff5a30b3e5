import { parseLoadavg } from '../../core/health/loadavg.js';
import { parseUptime } from '../../core/health/uptime.js';
import type { Profile } from '../../core/profile/profile.js';
import { buildStatusReport, type HaproxyProbeResult, type NodeProbeResult, type StatusReport } from '../../core/status/status-report.js';
import { SftpFiles } from '../health/sftp-files.js';
import { createHaproxyClient } from '../haproxy/runtime-client.js';
import type { ClusterConnections } from '../ssh/cluster-connections.js';
import type { NodeTransport } from '../ssh/transport.js';

/** Reads /proc over SFTP, as the health prober does: no process is started on the node. */
async function probeNode(transport: NodeTransport, timeoutMs: number): Promise<NodeProbeResult> {
  const up = await transport.ready(timeoutMs);
  if (!up.ok) return { reachable: false, error: up.error };
  const session = await transport.sftp();
  if (!session.ok) return { reachable: false, error: session.error };
  const files = new SftpFiles(session.value, transport.node, timeoutMs);
  const [uptimeRead, loadRead] = await Promise.all([files.readOnce('/proc/uptime'), files.readOnce('/proc/loadavg')]);
  const uptime = uptimeRead.kind === 'read' ? parseUptime(uptimeRead.value) : undefined;
  const load = loadRead.kind === 'read' ? parseLoadavg(loadRead.value) : undefined;
  return {
    reachable: true,
    ...(uptime?.ok === true && { uptimeSeconds: uptime.value }),
    ...(load?.ok === true && { load: load.value }),
  };
}

async function probeHaproxy(profile: Profile, connections: ClusterConnections, timeoutMs: number): Promise<HaproxyProbeResult> {
  const head = connections.get(profile.head.name);
  const up = await head.ready(timeoutMs);
  if (!up.ok) return { ok: false, error: `HAProxy not read: ${up.error.message}` };
  const client = createHaproxyClient({
    transport: head,
    sockets: profile.haproxy.sockets,
    ...(profile.haproxy.masterSocket !== undefined && { masterSocket: profile.haproxy.masterSocket }),
    timeoutMs,
  });
  const [info, stats] = await Promise.all([client.info(), client.stats()]);
  if (!stats.ok) return { ok: false, error: stats.error.message };
  const failed = stats.value.failed.map((f) => `${f.process}: ${f.error.message}`);
  return {
    ok: true,
    ...(info.ok && info.value.values[0] !== undefined && { version: info.value.values[0].value.version.text }),
    records: stats.value.records,
    problems: [...failed, ...stats.value.problems],
  };
}

/** One parallel snapshot of every node and HAProxy; one failing node never holds up the rest. */
export async function takeStatus(profile: Profile, connections: ClusterConnections, timeoutMs = 10_000): Promise<StatusReport> {
  const [nodeResults, haproxy] = await Promise.all([
    Promise.all(profile.nodes.map(async (n) => [n.name, await probeNode(connections.get(n.name), timeoutMs)] as const)),
    probeHaproxy(profile, connections, timeoutMs),
  ]);
  return buildStatusReport(profile, new Map(nodeResults), haproxy);
}
