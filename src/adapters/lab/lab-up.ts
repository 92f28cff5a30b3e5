import path from 'node:path';
import { mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import { labDown } from './lab-down.js';
import { writeLabFiles } from './lab-files.js';
import { spawnService, startKeeper } from './keeper-client.js';
import { labDirProblem, labFiles, planLab, servicePort, type LabNodePlan, type LabOptions, type LabPlan, type LabServiceName } from './lab-plan.js';
import { writeLabProfile } from './lab-profile-file.js';
import { writeLabCertificates } from './lab-tls.js';
import { readLabState, updateLabState, writeLabState, type LabState } from './lab-state.js';
import { labStatus, type LabStatus } from './lab-status.js';
import { portOpen, unixRequest, waitFor } from './net-probe.js';
import { ensureRunSshd } from './run-sshd.js';
import { sensorSupport, type SensorSupport } from './sensor-namespace.js';
import { findMetricsTools, logTail, serviceArgv, serviceLog, waitForService, type ServiceEnv } from './services.js';
import { parseStatServers } from './stat-servers.js';
import { findLabTools, INSTALL_LINE } from './tools.js';
import { LAB_BACKEND } from './haproxy-config.js';
import { prometheusUrl } from './prometheus-config.js';

/** Prometheus has scraped every node_exporter and HAProxy's exporter, each successfully. */
async function everyTargetUp(plan: LabPlan): Promise<boolean> {
  try {
    const url = `${prometheusUrl(plan.head)}/api/v1/query?query=${encodeURIComponent('count(up == 1)')}`;
    const body = (await (await fetch(url, { signal: AbortSignal.timeout(2000) })).json()) as { data?: { result?: { value?: [number, string] }[] } };
    return Number(body.data?.result?.[0]?.value?.[1]) === plan.nodes.length + 1;
  } catch {
    return false;
  }
}

export interface LabUpInput extends LabOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly nodeBin: string;
  readonly mainJs: string;
  readonly webappJs: string;
  /** Progress lines (to stderr in the CLI). */
  readonly progress: (line: string) => void;
}

// Not a Result: a failure carries its exit code and a hint.
export type LabUpResult =
  | { readonly ok: true; readonly status: LabStatus; readonly already: boolean; readonly seconds: number }
  | { readonly ok: false; readonly code: 1 | 2; readonly reason: string; readonly hint?: string };

const sameOptions = (state: LabState, o: LabOptions) => state.subnet === o.subnet && state.workers === o.workers && state.metrics === o.metrics;

async function portsInUse(plan: LabPlan): Promise<string | undefined> {
  const checks = plan.nodes.flatMap((n) => n.services.map((s) => ({ n, port: servicePort(s) })));
  const open = await Promise.all(checks.map(async (c) => ((await portOpen(c.n.address, c.port, 500)) ? `${c.n.address}:${c.port}` : undefined)));
  return open.find((x) => x !== undefined);
}

async function allServersUp(head: LabNodePlan, workers: readonly LabNodePlan[]): Promise<boolean> {
  const csv = await unixRequest(labFiles.adminSocket(head), 'show stat\n', 1000);
  const servers = csv === undefined ? undefined : parseStatServers(csv);
  if (servers === undefined) return false;
  return workers.every((w) => servers.some((s) => s.backend === LAB_BACKEND && s.server === w.name && s.status === 'UP'));
}

/** Whether the workers get Pi sensors here; tried for real on the first worker's sensor directory. */
async function workerSensors(plan: LabPlan, env: NodeJS.ProcessEnv, root: boolean): Promise<SensorSupport> {
  const first = plan.workerNodes[0];
  if (first === undefined) return { on: false, why: 'no workers' };
  if (root) await mkdir(labFiles.sensors(first), { recursive: true, mode: 0o755 });
  return sensorSupport(env, root, labFiles.sensors(first));
}

/** Brings the lab up and returns once every service answers and HAProxy sees every server UP. */
export async function labUp(input: LabUpInput): Promise<LabUpResult> {
  const startedAt = Date.now();
  const tools = findLabTools(input.env);
  if (!tools.ok) {
    return { ok: false, code: 2, reason: `the lab needs: ${INSTALL_LINE} (missing: ${tools.missing.join(', ')})` };
  }
  const metricsTools = input.metrics === 'prometheus' ? findMetricsTools(input.env) : undefined;
  if (typeof metricsTools === 'string') return { ok: false, code: 2, reason: metricsTools };
  const planned = planLab(input);
  if (!planned.ok) return { ok: false, code: 2, reason: planned.reason };
  const plan = planned.plan;
  const dirProblem = labDirProblem(plan.dir);
  if (dirProblem !== undefined) return { ok: false, code: 2, reason: dirProblem };

  const existing = await readLabState(plan.dir);
  if (existing.kind === 'broken') return { ok: false, code: 2, reason: existing.reason, hint: `picon lab down --dir ${plan.dir}` };
  if (existing.kind === 'ok') {
    const status = labStatus(existing.state);
    if (status.healthy && sameOptions(existing.state, input)) return { ok: true, status, already: true, seconds: 0 };
    const why = status.healthy ? `with other options (subnet ${existing.state.subnet}, workers ${existing.state.workers ?? 'default'})` : 'but not every service is running';
    return { ok: false, code: 2, reason: `a lab is already in ${plan.dir} ${why}`, hint: `see \`picon lab status --dir ${plan.dir}\`; \`picon lab down --dir ${plan.dir}\` removes it` };
  }
  const entries = await readdir(plan.dir).catch(() => undefined);
  if (entries !== undefined && entries.length > 0) {
    return { ok: false, code: 2, reason: `${plan.dir} is not empty and holds no lab; choose another --dir` };
  }
  const busy = await portsInUse(plan);
  if (busy !== undefined) {
    return { ok: false, code: 2, reason: `${busy} is already in use (another lab on subnet ${plan.subnet}?)`, hint: 'choose another --subnet, or stop the other lab' };
  }

  const root = process.getuid?.() === 0;
  const user = os.userInfo().username;
  await mkdir(plan.dir, { recursive: true, mode: 0o700 });
  const sensors = await workerSensors(plan, input.env, root);
  const state: LabState = {
    version: 1,
    dir: plan.dir,
    subnet: plan.subnet,
    ...(plan.workers !== undefined && { workers: plan.workers }),
    ...(plan.metrics !== undefined && { metrics: plan.metrics }),
    user,
    root,
    createdDir: entries === undefined,
    createdRunSshd: root ? await ensureRunSshd(path.resolve(plan.dir)) : false,
    startedAt: new Date().toISOString(),
    sensors: sensors.on ? { on: true } : { on: false, why: sensors.why },
    keeperPid: null,
    pids: Object.fromEntries(plan.nodes.map((n) => [n.name, {}])),
  };
  await writeLabState(state);

  const fail = async (reason: string): Promise<LabUpResult> => {
    await labDown(plan.dir, input.env);
    return { ok: false, code: 1, reason };
  };
  try {
    input.progress(`lab: writing keys and configs for ${plan.nodes.length} nodes in ${plan.dir}`);
    await writeLabFiles(plan, { user, root, sensors: sensors.on }, tools.tools['ssh-keygen']);
    await writeLabCertificates(plan, tools.tools.openssl);
    const keeper = await startKeeper(plan.dir, tools.tools.perl);
    if (!keeper.ok) return await fail(keeper.reason);
    await updateLabState(plan.dir, (s) => {
      s.keeperPid = keeper.pid;
    });

    const env: ServiceEnv = {
      labDir: plan.dir, tools: tools.tools, nodeBin: input.nodeBin, webappJs: input.webappJs,
      ...(sensors.on && { sensorsUnshare: sensors.unshare }),
      ...(metricsTools !== undefined && { metricsTools }),
    };
    const timeoutMs = 20_000 + plan.nodes.length * 400;
    const phase = async (services: readonly LabServiceName[]): Promise<string | undefined> => {
      const started: { node: LabNodePlan; service: LabServiceName; pid: number }[] = [];
      const record = () =>
        updateLabState(plan.dir, (s) => {
          for (const x of started) (s.pids[x.node.name] ??= {})[x.service] = x.pid;
        });
      for (const node of plan.nodes) {
        for (const service of node.services.filter((s) => services.includes(s))) {
          const spawned = await spawnService(plan.dir, { argv: serviceArgv(node, service, env), log: serviceLog(node, service), cwd: node.dir });
          if (!spawned.ok) {
            // Those already started are recorded, so the clean-up stops them too.
            await record();
            return spawned.reason;
          }
          started.push({ node, service, pid: spawned.pid });
        }
      }
      await record();
      const results = await Promise.all(started.map((x) => waitForService(x.node, x.service, x.pid, timeoutMs)));
      const failed = results.find((r) => !r.ok);
      return failed !== undefined && !failed.ok ? failed.reason : undefined;
    };
    input.progress('lab: starting sshd and the web apps');
    const first = await phase(['sshd', 'webapp']);
    if (first !== undefined) return await fail(first);
    input.progress('lab: starting nginx');
    const second = await phase(['nginx']);
    if (second !== undefined) return await fail(second);
    input.progress('lab: starting HAProxy');
    const third = await phase(['haproxy']);
    if (third !== undefined) return await fail(third);
    const up = await waitFor(() => allServersUp(plan.head, plan.workerNodes), timeoutMs, 200);
    if (!up) return await fail(`HAProxy did not see every worker UP within ${timeoutMs / 1000} s; ${await logTail(labFiles.haproxyLog(plan.head))}`);

    if (plan.metrics === 'prometheus') {
      input.progress('lab: starting node_exporter on every node and Prometheus on the head');
      const metrics = await phase(['node-exporter', 'prometheus']);
      if (metrics !== undefined) return await fail(metrics);
      const scraped = await waitFor(() => everyTargetUp(plan), timeoutMs, 250);
      if (!scraped) return await fail(`Prometheus did not scrape every target within ${timeoutMs / 1000} s; ${await logTail(labFiles.prometheusLog(plan.head))}`);
    }
    const profile = await writeLabProfile({ plan, user, nodeBin: input.nodeBin, mainJs: input.mainJs }, input.env);
    if (!profile.ok) return await fail(profile.reason);
    const final = await readLabState(plan.dir);
    if (final.kind !== 'ok') return await fail(`lost the lab state file ${labFiles.state(plan.dir)}`);
    return { ok: true, status: labStatus(final.state), already: false, seconds: (Date.now() - startedAt) / 1000 };
  } catch (error) {
    await labDown(plan.dir, input.env);
    throw error;
  }
}
