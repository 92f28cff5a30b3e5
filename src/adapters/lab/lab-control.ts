import type { LabNodePlan, LabServiceName } from './lab-plan.js';
import { readLabState, updateLabState, type LabState } from './lab-state.js';
import { planFromState, serviceStatus } from './lab-status.js';
import { findMetricsTools, freezePid, killPid, reloadHaproxy, resumeTree, startService, stopPid, type ServiceEnv } from './services.js';
import { findLabTools, findOnPath } from './tools.js';

/** Faults and service control on one lab node: stop, start, kill, freeze, restart, is-active. */

export type ControlVerb = 'stop' | 'start' | 'kill' | 'freeze' | 'restart' | 'is-active';

export interface ControlInput {
  readonly dir: string;
  readonly verb: ControlVerb;
  readonly node: string;
  readonly service?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly nodeBin: string;
  readonly webappJs: string;
}

export interface ControlResult {
  /** 0 done; 1 something failed; 2 bad input; 3 is-active: not running (like systemctl). */
  readonly code: number;
  readonly lines: readonly string[];
}

const bad = (line: string): ControlResult => ({ code: 2, lines: [line] });

function pickServices(node: LabNodePlan, verb: ControlVerb, service: string | undefined): LabServiceName[] | string {
  if (service !== undefined) {
    const found = node.services.find((s) => s === service);
    return found !== undefined ? [found] : `${node.name} has no service "${service}" (it has: ${node.services.join(', ')})`;
  }
  if (verb === 'restart' || verb === 'is-active') return `${verb} needs a service: ${node.services.join(', ')}`;
  if (verb === 'freeze') return ['sshd'];
  // Start in dependency order (sshd first); stop and kill the other way round.
  return verb === 'start' ? [...node.services] : [...node.services].reverse();
}

async function setPid(dir: string, node: string, service: LabServiceName, pid: number | null): Promise<void> {
  await updateLabState(dir, (s) => {
    (s.pids[node] ??= {})[service] = pid;
  });
}

async function act(state: LabState, node: LabNodePlan, service: LabServiceName, input: ControlInput, env: () => ServiceEnv | string): Promise<ControlResult> {
  const now = serviceStatus(state, node, service);
  const what = `${service} on ${node.name}`;
  const start = async (verbed: string): Promise<ControlResult> => {
    const e = env();
    if (typeof e === 'string') return { code: 2, lines: [e] };
    const started = await startService(node, service, e);
    if (started.pid !== undefined || started.ok) await setPid(input.dir, node.name, service, started.ok ? started.pid : (started.pid ?? null));
    return started.ok ? { code: 0, lines: [`${what} ${verbed} (pid ${started.pid})`] } : { code: 1, lines: [started.reason] };
  };
  switch (input.verb) {
    case 'is-active':
      return now.running ? { code: 0, lines: ['active'] } : { code: 3, lines: ['inactive'] };
    case 'stop':
    case 'kill':
      if (!now.running || now.pid === null) return { code: 0, lines: [`${what} is not running`] };
      if (input.verb === 'stop') await stopPid(now.pid, service);
      else await killPid(now.pid);
      await setPid(input.dir, node.name, service, null);
      return { code: 0, lines: [`${what} ${input.verb === 'stop' ? 'stopped' : 'killed'} (was pid ${now.pid})`] };
    case 'freeze':
      if (!now.running || now.pid === null) return { code: 1, lines: [`${what} is not running, so it cannot be frozen`] };
      freezePid(now.pid);
      return { code: 0, lines: [`${what} frozen (pid ${now.pid} and its children stopped; \`picon lab start ${node.name}\` resumes)`] };
    case 'start':
      if (now.running && now.pid !== null) {
        resumeTree(now.pid);
        return { code: 0, lines: [now.frozen ? `${what} resumed (pid ${now.pid})` : `${what} is already running (pid ${now.pid})`] };
      }
      return start('started');
    case 'restart':
      if (now.running && now.pid !== null) {
        resumeTree(now.pid);
        if (service === 'haproxy') {
          const reloaded = await reloadHaproxy(node, now.pid);
          return reloaded.ok ? { code: 0, lines: [`haproxy on ${node.name} reloaded (master pid ${now.pid})`] } : { code: 1, lines: [reloaded.reason] };
        }
        await stopPid(now.pid, service);
        await setPid(input.dir, node.name, service, null);
      }
      return start('restarted');
  }
}

export async function labControl(input: ControlInput): Promise<ControlResult> {
  const read = await readLabState(input.dir);
  if (read.kind === 'none') return bad(`no lab in ${input.dir} (start one with \`picon lab up --dir ${input.dir}\`)`);
  if (read.kind === 'broken') return bad(read.reason);
  const plan = planFromState(read.state);
  const node = plan.nodes.find((n) => n.name === input.node);
  if (node === undefined) return bad(`no lab node "${input.node}" (nodes: ${plan.nodes.map((n) => n.name).join(', ')})`);
  const services = pickServices(node, input.verb, input.service);
  if (typeof services === 'string') return bad(services);
  const env = (): ServiceEnv | string => {
    const tools = findLabTools(input.env);
    if (!tools.ok) return `the lab needs: ${tools.missing.join(', ')}`;
    const metrics = read.state.metrics === 'prometheus' ? findMetricsTools(input.env) : undefined;
    if (typeof metrics === 'string') return metrics;
    const base = { labDir: input.dir, tools: tools.tools, nodeBin: input.nodeBin, webappJs: input.webappJs, ...(metrics !== undefined && { metricsTools: metrics }) };
    if (read.state.sensors?.on !== true) return base;
    const unshare = findOnPath('unshare', input.env);
    return unshare === undefined ? `the lab's workers have sensors, which need unshare on PATH (util-linux)` : { ...base, sensorsUnshare: unshare };
  };
  const lines: string[] = [];
  let code = 0;
  for (const service of services) {
    const fresh = await readLabState(input.dir);
    const result = await act(fresh.kind === 'ok' ? fresh.state : read.state, node, service, input, env);
    lines.push(...result.lines);
    code = Math.max(code, result.code);
  }
  return { code, lines };
}
