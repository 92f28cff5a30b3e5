import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setNbthread, slowdownFile } from './lab-knob-files.js';
import { labControl } from './lab-control.js';
import { labFiles, type LabServiceName } from './lab-plan.js';
import { readLabState } from './lab-state.js';
import { planFromState } from './lab-status.js';
import { descendants, isAlive } from './proc.js';

/**
 * Knobs that make one part of the lab the bottleneck on purpose, for real: HAProxy's thread count
 * (`lab head-threads N`), a CPU cap on a service (`lab cpu-cap NODE SERVICE PCT`, a cgroup's CPU
 * quota) and a slower web app (`lab slow NODE FACTOR`).
 */

export interface KnobResult {
  /** 0 done; 1 failed; 2 bad input. */
  readonly code: number;
  readonly lines: readonly string[];
}

const bad = (line: string): KnobResult => ({ code: 2, lines: [line] });

async function labPlan(dir: string) {
  const read = await readLabState(dir);
  if (read.kind === 'none') return `no lab in ${dir} (start one with \`picon lab up --dir ${dir}\`)`;
  if (read.kind === 'broken') return read.reason;
  return { state: read.state, plan: planFromState(read.state) };
}

/** `lab head-threads N|auto`: HAProxy's nbthread, then a reload (same master, new worker). */
export async function headThreads(input: { dir: string; threads: number | undefined; env: NodeJS.ProcessEnv; nodeBin: string; webappJs: string }): Promise<KnobResult> {
  const lab = await labPlan(input.dir);
  if (typeof lab === 'string') return bad(lab);
  const file = labFiles.haproxyConfig(lab.plan.head);
  await writeFile(file, setNbthread(await readFile(file, 'utf8'), input.threads));
  const reload = await labControl({ dir: input.dir, verb: 'restart', node: lab.plan.head.name, service: 'haproxy', env: input.env, nodeBin: input.nodeBin, webappJs: input.webappJs });
  const what = input.threads === undefined ? 'HAProxy threads: automatic (one per core)' : `HAProxy held to ${input.threads} thread${input.threads === 1 ? '' : 's'}`;
  return { code: reload.code, lines: reload.code === 0 ? [`${what}; ${reload.lines.join('; ')}`] : reload.lines };
}

/** `lab slow NODE FACTOR`: the node's /api/work does FACTOR times the work (1 undoes it). */
export async function slowApp(input: { dir: string; node: string; factor: number }): Promise<KnobResult> {
  const lab = await labPlan(input.dir);
  if (typeof lab === 'string') return bad(lab);
  const node = lab.plan.workerNodes.find((n) => n.name === input.node);
  if (node === undefined) return bad(`no lab worker "${input.node}" (workers: ${lab.plan.workerNodes.map((n) => n.name).join(', ')})`);
  const file = slowdownFile(node.dir);
  if (input.factor === 1) await rm(file, { force: true });
  else await writeFile(file, `${input.factor}\n`);
  return { code: 0, lines: [input.factor === 1 ? `${node.name}'s app at its own speed again` : `${node.name}'s app does ${input.factor}× the work per /api/work`] };
}

/** Where this machine lets a process's CPU be capped: cgroup v2's cpu.max, else v1's CFS quota. */
function cgroupRoot(): { kind: 'v2' | 'v1'; root: string } | string {
  if (existsSync('/sys/fs/cgroup/cgroup.controllers')) {
    const controllers = readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8');
    return controllers.split(/\s+/).includes('cpu') ? { kind: 'v2', root: '/sys/fs/cgroup' } : 'cgroup v2 has no cpu controller here';
  }
  if (existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) return { kind: 'v1', root: '/sys/fs/cgroup/cpu' };
  return 'no cgroup CPU controller at /sys/fs/cgroup (cgroup v2 cpu.max or v1 cpu/cpu.cfs_quota_us)';
}

const PERIOD_US = 100_000;

/** The cgroups of one lab: "picon-lab-<hash of its dir>-NODE-SERVICE". */
function cgroupPrefix(dir: string): string {
  return `picon-lab-${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 10)}-`;
}

function moveAll(procsFile: string, pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      writeFileSync(procsFile, `${pid}\n`);
    } catch {
      // Gone since it was listed.
    }
  }
}

/** `lab cpu-cap NODE SERVICE PCT|off`: the service (and its children, and what they start later) gets PCT % of one core. */
export async function cpuCap(input: { dir: string; node: string; service: string; percent: number | undefined }): Promise<KnobResult> {
  const lab = await labPlan(input.dir);
  if (typeof lab === 'string') return bad(lab);
  const node = lab.plan.nodes.find((n) => n.name === input.node);
  if (node === undefined) return bad(`no lab node "${input.node}" (nodes: ${lab.plan.nodes.map((n) => n.name).join(', ')})`);
  const service = node.services.find((s) => s === input.service);
  if (service === undefined) return bad(`${node.name} has no service "${input.service}" (it has: ${node.services.join(', ')})`);
  const pid = lab.state.pids[node.name]?.[service as LabServiceName];
  if (pid === null || pid === undefined || !isAlive(pid)) return { code: 1, lines: [`${node.name} ${service} is not running`] };
  const where = cgroupRoot();
  if (typeof where === 'string') return { code: 1, lines: [`cannot cap CPU: ${where}`] };
  const group = path.join(where.root, `${cgroupPrefix(input.dir)}${node.name}-${service}`);
  const pids = [pid, ...descendants(pid)];
  try {
    if (input.percent === undefined) {
      if (!existsSync(group)) return { code: 0, lines: [`${node.name} ${service} has no CPU cap`] };
      moveAll(path.join(where.root, 'cgroup.procs'), pids);
      rmdirSync(group);
      return { code: 0, lines: [`${node.name} ${service}: CPU cap removed`] };
    }
    if (!existsSync(group)) mkdirSync(group);
    const quota = Math.max(1000, Math.round((input.percent / 100) * PERIOD_US));
    if (where.kind === 'v2') writeFileSync(path.join(group, 'cpu.max'), `${quota} ${PERIOD_US}\n`);
    else {
      writeFileSync(path.join(group, 'cpu.cfs_period_us'), `${PERIOD_US}\n`);
      writeFileSync(path.join(group, 'cpu.cfs_quota_us'), `${quota}\n`);
    }
    moveAll(path.join(group, 'cgroup.procs'), pids);
  } catch (error) {
    return { code: 1, lines: [`cannot cap CPU in ${group}: ${(error as Error).message} (needs root, or a delegated cgroup)`] };
  }
  return { code: 0, lines: [`${node.name} ${service} capped at ${input.percent} % of one core (${pids.length} processes in ${group})`] };
}

/** Removes the lab's cgroups once their processes are gone (lab down); what cannot be removed is left. */
export function removeLabCgroups(dir: string): void {
  const where = cgroupRoot();
  if (typeof where === 'string') return;
  const prefix = cgroupPrefix(dir);
  let names: string[];
  try {
    names = readdirSync(where.root).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const procs = readFileSync(path.join(where.root, name, 'cgroup.procs'), 'utf8').trim();
      if (procs !== '') moveAll(path.join(where.root, 'cgroup.procs'), procs.split('\n').map(Number));
      rmdirSync(path.join(where.root, name));
    } catch {
      // Still busy: left for the next lab down.
    }
  }
}
