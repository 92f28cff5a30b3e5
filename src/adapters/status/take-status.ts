import { haproxyLoad } from '../../core/haproxy/haproxy-load.js';
import { statRates } from '../../core/haproxy/stat-rates.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { HealthSource } from '../../core/ports/health-source.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import type { Profile } from '../../core/profile/profile.js';
import { buildStatusReport, type HaproxyProbeResult, type NodeProbeResult, type StatusReport } from '../../core/status/status-report.js';

/** What a snapshot reads, built by the composition root (src/cli/runtime.ts). */
export interface StatusParts {
  /** A node's connection: whether it is reachable, and its sshd. */
  readonly transport: (node: string) => Pick<NodeTransport, 'ready' | 'status'>;
  /** A health source for the node, its requests timed out after the status timeout. */
  readonly healthSource: (node: string) => HealthSource;
  /** The head's HAProxy runtime client. */
  readonly haproxy: () => HaproxyClient;
  /** One source for every node's health (Prometheus), when the profile names one: no node's connection is opened for it. */
  readonly fleetHealth?: () => HealthSource | undefined;
}

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
async function probeNode(node: string, parts: StatusParts, timeoutMs: number, sampleMs: number): Promise<NodeProbeResult> {
  const transport = parts.transport(node);
  const up = await transport.ready(timeoutMs);
  if (!up.ok) return { reachable: false, error: up.error };
  const server = transport.status().server;
  const sshServer = server === undefined ? {} : { sshServer: server };
  // No SFTP subsystem (a minimal image) is no reason to call the node unreachable: the prober
  // then reads the same files with one exec per poll.
  const source = parts.healthSource(node);
  const healthOf = (readings: Awaited<ReturnType<HealthSource['poll']>>) => readings.find((r) => r.node === node)?.health;
  try {
    const started = Date.now();
    await source.poll();
    await sleep(sampleMs - (Date.now() - started));
    const health = healthOf(await source.poll());
    if (health === undefined) return { reachable: false, error: { kind: 'closed', message: `${node}: its health source has no reading for it` } };
    return { reachable: true, ...sshServer, health };
  } finally {
    source.stop();
  }
}

/** `show info` once and `show stat` twice, `sampleMs` apart, for the rates. */
async function probeHaproxy(profile: Profile, parts: StatusParts, timeoutMs: number, sampleMs: number): Promise<HaproxyProbeResult> {
  const up = await parts.transport(profile.head.name).ready(timeoutMs);
  if (!up.ok) return { ok: false, error: `HAProxy not read: ${up.error.message}` };
  const client = parts.haproxy();
  const [info, first] = await Promise.all([client.info(), client.stats()]);
  if (!first.ok) return { ok: false, error: first.error.message };
  await sleep(first.value.atMs + sampleMs - Date.now());
  const second = await client.stats();
  const stats = second.ok ? second.value : first.value;
  const failed = stats.failed.map((f) => `${f.process}: ${f.error.message}`);
  return {
    ok: true,
    ...(info.ok && info.value.values[0] !== undefined && { version: info.value.values[0].value.version.text, load: haproxyLoad(info.value.values.map((v) => v.value)) }),
    records: stats.records,
    problems: [...failed, ...stats.problems],
    ...(second.ok && {
      rates: statRates(first.value, second.value),
      rateIntervalMs: second.value.atMs - first.value.atMs,
    }),
  };
}

/**
 * Every node's health from one fleet source (Prometheus: its rates are over its own scrapes, so
 * one poll does; a second only when a node it has no target for was read over SSH). `reachable`
 * then says whether the node's health was read.
 */
async function probeFleet(source: HealthSource, sampleMs: number): Promise<[string, NodeProbeResult][]> {
  try {
    const started = Date.now();
    let readings = await source.poll();
    if (readings.some((r) => r.health.origin?.source === 'ssh')) {
      await sleep(sampleMs - (Date.now() - started));
      readings = await source.poll();
    }
    return readings.map((r) => {
      const read = r.health.origin?.sampledAt !== undefined && r.health.load.state !== 'unknown';
      const why = r.health.origin?.note ?? `${r.node}: not read`;
      return [r.node, read ? { reachable: true, health: r.health } : { reachable: false, error: { kind: 'metrics', message: why }, health: r.health }];
    });
  } finally {
    source.stop();
  }
}

/** One parallel snapshot of every node and HAProxy; one failing node never holds up the rest. */
export async function takeStatus(profile: Profile, parts: StatusParts, options: TakeStatusOptions = {}): Promise<StatusReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sampleMs = options.sampleMs ?? 300;
  const fleet = parts.fleetHealth?.();
  const [nodeResults, haproxy] = await Promise.all([
    fleet !== undefined
      ? probeFleet(fleet, sampleMs)
      : Promise.all(profile.nodes.map(async (n) => [n.name, await probeNode(n.name, parts, timeoutMs, sampleMs)] as const)),
    probeHaproxy(profile, parts, timeoutMs, sampleMs),
  ]);
  return buildStatusReport(profile, new Map(nodeResults), haproxy);
}
