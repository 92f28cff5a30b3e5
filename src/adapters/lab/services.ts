import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnService, type SpawnResult } from './keeper-client.js';
import { APP_PORT, labFiles, servicePort, type LabNodePlan, type LabServiceName } from './lab-plan.js';
import { portOpen, unixRequest, waitFor } from './net-probe.js';
import { descendantRefs, descendants, isAlive, isOursAcrossExec, isSame, isStoppedRef, processRef, signal, signalRef, waitGoneRefs, type ProcessRef } from './proc.js';
import { inSensorNamespace } from './sensor-namespace.js';
import { findOnPath, type ToolPaths } from './tools.js';
import { nodeExporterArgv, prometheusArgv } from './prometheus-config.js';

/** How one lab service is started, recognised, checked and stopped. */

export interface ServiceEnv {
  readonly labDir: string;
  readonly tools: ToolPaths;
  readonly nodeBin: string;
  readonly webappJs: string;
  /** unshare's path when the workers have Pi sensors: their sshd starts in a sensor namespace. */
  readonly sensorsUnshare?: string;
  /** `lab up --metrics prometheus`: Debian's binaries. */
  readonly metricsTools?: MetricsTools;
}

export interface MetricsTools {
  readonly nodeExporter: string;
  readonly prometheus: string;
}

export const METRICS_INSTALL_LINE = 'apt-get install -y prometheus prometheus-node-exporter';

/** Debian's prometheus and prometheus-node-exporter on PATH, or what is missing. */
export function findMetricsTools(env: NodeJS.ProcessEnv): MetricsTools | string {
  const nodeExporter = findOnPath('prometheus-node-exporter', env) ?? findOnPath('node_exporter', env);
  const prometheus = findOnPath('prometheus', env);
  if (nodeExporter !== undefined && prometheus !== undefined) return { nodeExporter, prometheus };
  return `--metrics prometheus needs: ${METRICS_INSTALL_LINE}`;
}

/** A pid is only taken for a lab service when its command line names the node's directory. */
export const nodeMarker = (node: LabNodePlan): string => `${node.dir}${path.sep}`;

export function serviceLog(node: LabNodePlan, service: LabServiceName): string {
  switch (service) {
    case 'sshd':
      return labFiles.sshdLog(node);
    case 'nginx':
      return labFiles.nginxLog(node);
    case 'webapp':
      return labFiles.webappLog(node);
    case 'haproxy':
      return labFiles.haproxyLog(node);
    case 'node-exporter':
      return labFiles.nodeExporterLog(node);
    case 'prometheus':
      return labFiles.prometheusLog(node);
  }
}

function metricsTools(env: ServiceEnv): MetricsTools {
  if (env.metricsTools === undefined) throw new Error('the lab was started with --metrics prometheus but its tools were not found');
  return env.metricsTools;
}

export function serviceArgv(node: LabNodePlan, service: LabServiceName, env: ServiceEnv): string[] {
  switch (service) {
    case 'sshd': {
      const sshd = [env.tools.sshd, '-D', '-f', labFiles.sshdConfig(node), '-E', labFiles.sshdLog(node)];
      return env.sensorsUnshare !== undefined && node.role === 'worker' ? inSensorNamespace(env.sensorsUnshare, labFiles.sensors(node), sshd) : sshd;
    }
    case 'nginx':
      return [env.tools.nginx, '-p', `${labFiles.nginxPrefix(node)}${path.sep}`, '-c', labFiles.nginxConfig(node), '-e', labFiles.nginxLog(node)];
    case 'haproxy':
      return [env.tools.haproxy, '-W', '-S', `${labFiles.masterSocket(node)},mode,600`, '-f', labFiles.haproxyConfig(node), '-p', labFiles.haproxyPid(node)];
    case 'webapp':
      return [
        env.nodeBin, env.webappJs, '--name', node.name, '--address', node.address, '--port', String(APP_PORT),
        '--model', node.model, '--speed', String(node.speed), '--dir', nodeMarker(node),
      ];
    case 'node-exporter': {
      // In the worker's sensor namespace, so its thermal_zone and cpufreq collectors read this node's Pi files.
      const argv = nodeExporterArgv(metricsTools(env).nodeExporter, node);
      return env.sensorsUnshare !== undefined && node.role === 'worker' ? inSensorNamespace(env.sensorsUnshare, labFiles.sensors(node), argv) : argv;
    }
    case 'prometheus':
      return prometheusArgv(metricsTools(env).prometheus, node);
  }
}

/** Whether the service answers: its port accepts connections (HAProxy: and its admin socket). */
export async function serviceAnswers(node: LabNodePlan, service: LabServiceName): Promise<boolean> {
  if (!(await portOpen(node.address, servicePort(service), 500))) return false;
  if (service !== 'haproxy') return true;
  const info = await unixRequest(labFiles.adminSocket(node), 'show info\n', 1000);
  return info?.includes('Pid:') ?? false;
}

export async function logTail(file: string, lines = 3): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const tail = text.trimEnd().split('\n').slice(-lines).join(' | ');
  return tail === '' ? `(nothing in ${file})` : `${file}: ${tail}`;
}

/** Starts the service and waits until it answers; the pid is returned even when it did not. */
export async function startService(node: LabNodePlan, service: LabServiceName, env: ServiceEnv, timeoutMs = 15_000): Promise<SpawnResult & { pid?: number }> {
  const spawned = await spawnService(env.labDir, { argv: serviceArgv(node, service, env), log: serviceLog(node, service), cwd: node.dir });
  if (!spawned.ok) return spawned;
  const ready = await waitForService(node, service, spawned.pid, timeoutMs);
  return ready.ok ? spawned : { ok: false, reason: ready.reason, pid: spawned.pid };
}

export async function waitForService(node: LabNodePlan, service: LabServiceName, pid: number, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  let died = false;
  const answered = await waitFor(async () => {
    if (!isAlive(pid)) {
      died = true;
      return true;
    }
    return serviceAnswers(node, service);
  }, timeoutMs);
  if (died) return { ok: false, reason: `${service} on ${node.name} exited at start; ${await logTail(serviceLog(node, service))}` };
  if (!answered) return { ok: false, reason: `${service} on ${node.name} did not answer on ${node.address}:${servicePort(service)} within ${timeoutMs / 1000} s; ${await logTail(serviceLog(node, service))}` };
  return { ok: true };
}

/** The process and its descendants, parents first, each as the process it is now. */
function tree(pid: number): ProcessRef[] {
  const root = processRef(pid);
  return root === undefined ? [] : [root, ...descendantRefs(pid)];
}

export function resumeTree(pid: number): void {
  for (const p of tree(pid)) if (isStoppedRef(p)) signalRef(p, 'SIGCONT');
}

/**
 * SIGTERM (sshd: its whole tree, so open sessions end as on a node going down), then SIGKILL
 * for whatever is left after graceMs. Frozen processes are resumed first so they can exit.
 * Every signal goes to a process seen in the tree, never to whatever took its pid since.
 */
export async function stopPid(pid: number, service: LabServiceName, graceMs = 3000): Promise<void> {
  const all = tree(pid);
  const root = all[0];
  if (root === undefined) return;
  for (const p of all) if (isStoppedRef(p)) signalRef(p, 'SIGCONT');
  for (const p of service === 'sshd' ? all : [root]) signalRef(p, 'SIGTERM');
  if (!(await waitGoneRefs([root], graceMs))) signalRef(root, 'SIGKILL');
  const seen = new Set(all.map((p) => `${p.pid}/${p.start}`));
  const left = [...all, ...descendantRefs(pid).filter((p) => !seen.has(`${p.pid}/${p.start}`))].filter(isSame);
  if (!(await waitGoneRefs(left, graceMs))) for (const p of left) signalRef(p, 'SIGKILL');
  await waitGoneRefs(all, 2000);
}

/** SIGKILL the process and every descendant at once, like a crash. */
export async function killPid(pid: number): Promise<void> {
  const all = tree(pid);
  for (const p of all) signalRef(p, 'SIGKILL');
  await waitGoneRefs(all, 3000);
}

/** SIGSTOP the process, then its descendants (twice, to catch a child forked in between). */
export function freezePid(pid: number): void {
  const root = processRef(pid);
  if (root === undefined) return;
  signalRef(root, 'SIGSTOP');
  for (let round = 0; round < 2; round++) for (const p of descendantRefs(pid)) signalRef(p, 'SIGSTOP');
}

/** Reload HAProxy the way systemd does (SIGUSR2 to the master); waits for a new worker. */
export async function reloadHaproxy(head: LabNodePlan, masterPid: number, timeoutMs = 15_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  const before = new Set(descendants(masterPid));
  signal(masterPid, 'SIGUSR2');
  const reloaded = await waitFor(
    async () => descendants(masterPid).some((p) => !before.has(p)) && (await serviceAnswers(head, 'haproxy')),
    timeoutMs,
  );
  // The master re-executes itself on reload; its command line reads empty meanwhile (seen once
  // in a CI run).
  if (!(await isOursAcrossExec(masterPid, nodeMarker(head)))) return { ok: false, reason: `haproxy's master exited on reload; ${await logTail(labFiles.haproxyLog(head))}` };
  return reloaded ? { ok: true } : { ok: false, reason: `haproxy did not start a new worker within ${timeoutMs / 1000} s; ${await logTail(labFiles.haproxyLog(head))}` };
}
