import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { defaultThreads } from './builtin-engine.js';
import type { GeneratorSecond, HaproxySecond, NodeSecond, RunSecond } from '../../core/loadtest/bottleneck.js';
import { cpuStatPath, listeningInodes, quotaPeriodsOf, parseReading, pidsOfFdPaths, READ_SCRIPT, readingDelta, type PidGroups, type ProcReading } from '../../core/loadtest/process-cpu.js';
import { remoteCommand } from '../../core/remote/shell-quote.js';
import { haproxyLoad } from '../../core/haproxy/haproxy-load.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';

/**
 * Samples, once a second during a run, what the bottleneck verdict needs: every node's cores and
 * its service threads (HAProxy's pids from `show info`, each worker's nginx and app found by the
 * ports they listen on), HAProxy's Idle_pct, Run_queue and threads, and picon's own threads (the
 * built-in engine). A node that cannot be read is left out of that second, never fatal.
 */

export interface WorkerTarget {
  readonly transport: NodeTransport;
  readonly address: string;
  /** The ports its services listen on → the group name ("nginx", "app"). */
  readonly ports: ReadonlyMap<number, string>;
}

export interface SamplerTargets {
  readonly head?: { readonly transport: NodeTransport; readonly haproxy: HaproxyClient };
  readonly workers: readonly WorkerTarget[];
  /** The built-in engine runs in this process: its threads are sampled here. */
  readonly generator?: { readonly threads: number };
  readonly intervalMs?: number;
}

export interface SamplerSession {
  /** Stops sampling; the seconds sampled since start, oldest first. */
  stop(): Promise<readonly RunSecond[]>;
}

const EXEC_MS = 3_000;

async function readNode(transport: NodeTransport, pids: readonly number[]): Promise<ProcReading | undefined> {
  const out = await transport.exec(remoteCommand(['sh', '-c', READ_SCRIPT, 'sh', ...pids.map(String)]), { timeoutMs: EXEC_MS });
  if (!out.ok || out.value.code !== 0) return undefined;
  const parsed = parseReading(out.value.stdout);
  return parsed.ok ? parsed.reading : undefined;
}

/** A worker's service pids: the processes holding its listening sockets. */
async function discover(target: WorkerTarget): Promise<PidGroups> {
  const groups = new Map<number, string>();
  const tcp = await target.transport.exec(remoteCommand(['cat', '/proc/net/tcp', '/proc/net/tcp6']), { timeoutMs: EXEC_MS });
  if (!tcp.ok) return groups;
  const inodes = listeningInodes(tcp.value.stdout, target.address, [...target.ports.keys()]);
  for (const [port, list] of inodes) {
    const tests = list.flatMap((inode, i) => [...(i > 0 ? ['-o'] : []), '-lname', `socket:\\[${inode}\\]`]);
    const found = await target.transport.exec(remoteCommand(['find', '/proc', '-mindepth', '3', '-maxdepth', '3', '-path', '/proc/[0-9]*/fd/*', '(', ...tests, ')']), { timeoutMs: 10_000 });
    if (!found.ok) continue;
    for (const pid of pidsOfFdPaths(found.value.stdout)) groups.set(pid, target.ports.get(port) ?? String(port));
  }
  return groups;
}

/** This process's threads, read like a node's. */
async function readSelf(): Promise<ProcReading | undefined> {
  try {
    const [uptime, stat, tids] = await Promise.all([readFile('/proc/uptime', 'utf8'), readFile('/proc/stat', 'utf8'), readdir('/proc/self/task')]);
    const lines = [`U ${uptime.split(' ')[0] ?? ''}`, ...stat.split('\n').filter((l) => /^cpu\d/.test(l))];
    for (const tid of tids) {
      const s = await readFile(`/proc/self/task/${tid}/schedstat`, 'utf8').catch(() => undefined);
      if (s !== undefined) lines.push(`T ${process.pid} ${tid} ${s.trim()}`);
    }
    const statFile = cpuStatPath(await readFile('/proc/self/cgroup', 'utf8').catch(() => ''));
    const quota = statFile === undefined ? undefined : quotaPeriodsOf(await readFile(statFile, 'utf8').catch(() => ''));
    if (quota !== undefined) lines.push(`C ${process.pid} ${quota.periods} ${quota.throttled}`);
    const parsed = parseReading(lines.join('\n'));
    return parsed.ok ? parsed.reading : undefined;
  } catch {
    return undefined;
  }
}

async function haproxyNow(client: HaproxyClient): Promise<{ info?: HaproxySecond; pids: number[] }> {
  const info = await client.info();
  if (!info.ok || info.value.values.length === 0) return { pids: [] };
  const values = info.value.values.map((v) => v.value);
  return { pids: values.map((v) => v.pid).filter((p): p is number => p !== undefined), info: haproxyLoad(values) };
}

/** Starts sampling (after finding the workers' pids and taking the first readings). */
export async function startBottleneckSampler(targets: SamplerTargets): Promise<SamplerSession> {
  const started = Date.now();
  const workerGroups = await Promise.all(targets.workers.map(discover));
  const previous = new Map<string, ProcReading>();
  const seconds: RunSecond[] = [];
  let busy = false;

  async function nodeSecond(key: string, role: NodeSecond['role'], reading: ProcReading | undefined, groups: PidGroups): Promise<NodeSecond | undefined> {
    if (reading === undefined) return undefined;
    const before = previous.get(key);
    previous.set(key, reading);
    const delta = before === undefined ? undefined : readingDelta(before, reading, groups);
    return delta === undefined ? undefined : { node: key, role, coresPct: delta.coresPct, groups: delta.groups, netBytesPerSecond: delta.netBytesPerSecond };
  }

  async function tick(): Promise<RunSecond | undefined> {
    const head = targets.head;
    const headPart = (async () => {
      if (head === undefined) return { node: undefined, info: undefined };
      const now = await haproxyNow(head.haproxy);
      const groups = new Map(now.pids.map((p) => [p, 'haproxy']));
      const reading = await readNode(head.transport, now.pids);
      return { node: await nodeSecond(head.transport.node, 'head', reading, groups), info: now.info };
    })();
    const workerParts = targets.workers.map(async (w, i) => {
      const groups = workerGroups[i] ?? new Map<number, string>();
      return nodeSecond(w.transport.node, 'worker', await readNode(w.transport, [...groups.keys()]), groups);
    });
    const genPart = (async (): Promise<GeneratorSecond | undefined> => {
      if (targets.generator === undefined) return undefined;
      const self = await nodeSecond('picon', 'worker', await readSelf(), new Map([[process.pid, 'picon']]));
      const g = self?.groups[0];
      return g === undefined ? undefined : { where: 'picon', cpuPct: g.cpuPct, busiestThreadPct: g.busiestThreadPct, threads: targets.generator.threads, ...(g.throttledPct !== undefined && { throttledPct: g.throttledPct }) };
    })();
    const [h, generator, ...workers] = await Promise.all([headPart, genPart, ...workerParts]);
    const nodes = [h.node, ...workers].filter((n): n is NodeSecond => n !== undefined);
    if (nodes.length === 0 && generator === undefined) return undefined;
    return { atMs: Date.now() - started, ...(h.info !== undefined && { haproxy: h.info }), nodes, ...(generator !== undefined && { generator }) };
  }

  let pending: Promise<void> = tick().then(() => undefined); // the first readings: deltas start from them
  await pending;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    pending = tick()
      .then((s) => {
        if (s !== undefined && (s.nodes.length > 0 || s.generator !== undefined)) seconds.push(s);
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, targets.intervalMs ?? 1_000);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return seconds;
    },
  };
}

/** The ports of a worker's nginx and app, from the profile's URL templates ("http://{address}:8080"). */
export function servicePorts(urls: { readonly nginx: string; readonly app: string }, address: string): Map<number, string> {
  const ports = new Map<number, string>();
  for (const [group, template] of [['nginx', urls.nginx], ['app', urls.app]] as const) {
    try {
      const url = new URL(template.replaceAll('{address}', address));
      ports.set(Number(url.port || (url.protocol === 'https:' ? 443 : 80)), group);
    } catch {
      // A template that is not a URL names no port to find the service by.
    }
  }
  return ports;
}

export interface ProfileTargetsInput {
  readonly head: string;
  readonly workers: readonly { readonly name: string; readonly address: string }[];
  readonly urls: { readonly nginx: string; readonly app: string };
  readonly transport: (node: string) => NodeTransport;
  readonly haproxy: HaproxyClient;
  /** The built-in engine's threads; undefined when ab generates the load (on its node). */
  readonly builtinThreads?: number;
}

/** The sampler's start function for a profile's cluster. */
export function profileSampler(input: ProfileTargetsInput): () => Promise<SamplerSession> {
  return () =>
    startBottleneckSampler({
      head: { transport: input.transport(input.head), haproxy: input.haproxy },
      workers: input.workers.map((w) => ({ transport: input.transport(w.name), address: w.address, ports: servicePorts(input.urls, w.address) })),
      ...(input.builtinThreads !== undefined && { generator: { threads: input.builtinThreads } }),
    });
}

/** The sampler for a run of `plan` on a profile's cluster (picon's threads sampled when the built-in engine runs). */
export function planSampler(
  profile: { readonly head: { readonly name: string }; readonly workers: ProfileTargetsInput['workers']; readonly urls: ProfileTargetsInput['urls'] },
  transport: (node: string) => NodeTransport,
  haproxy: HaproxyClient,
  plan: { readonly engine: string; readonly threads?: number },
): () => Promise<SamplerSession> {
  return profileSampler({
    head: profile.head.name, workers: profile.workers, urls: profile.urls, transport, haproxy,
    ...(plan.engine === 'builtin' && { builtinThreads: plan.threads ?? defaultThreads(availableParallelism()) }),
  });
}
