import { HTTP_PORT, labFiles, planLab, SSH_PORT, type LabNodePlan, type LabPlan, type LabServiceName } from './lab-plan.js';
import type { LabState } from './lab-state.js';
import { isOurs, isStopped } from './proc.js';
import { nodeMarker } from './services.js';

/** What `picon lab status --json` prints; tests and the harness rely on this shape. */
export interface LabServiceStatus {
  readonly name: LabServiceName;
  readonly pid: number | null;
  readonly running: boolean;
  /** Running but SIGSTOPped (`lab freeze`). */
  readonly frozen: boolean;
}

export interface LabNodeStatus {
  readonly name: string;
  readonly role: 'head' | 'worker';
  readonly model: string;
  readonly address: string;
  readonly sshPort: number;
  readonly services: readonly LabServiceStatus[];
}

export interface LabStatus {
  readonly dir: string;
  readonly profile: string;
  readonly frontendUrl: string;
  readonly adminSocket: string;
  readonly masterSocket: string;
  readonly knownHosts: string;
  readonly identityFile: string;
  readonly user: string;
  readonly subnet: string;
  readonly workers?: number;
  readonly keeper: { readonly pid: number | null; readonly running: boolean };
  /** Every service of every node is running and none is frozen. */
  readonly healthy: boolean;
  readonly nodes: readonly LabNodeStatus[];
}

export function planFromState(state: LabState): LabPlan {
  const planned = planLab({ dir: state.dir, subnet: state.subnet, ...(state.workers !== undefined && { workers: state.workers }) });
  if (!planned.ok) throw new Error(`lab state in ${state.dir} cannot be planned again: ${planned.reason}`);
  return planned.plan;
}

export function recordedPid(state: LabState, node: string, service: LabServiceName): number | null {
  return state.pids[node]?.[service] ?? null;
}

export function serviceStatus(state: LabState, node: LabNodePlan, service: LabServiceName): LabServiceStatus {
  const pid = recordedPid(state, node.name, service);
  const running = isOurs(pid, nodeMarker(node));
  return { name: service, pid, running, frozen: running && pid !== null && isStopped(pid) };
}

export function labStatus(state: LabState): LabStatus {
  const plan = planFromState(state);
  const nodes = plan.nodes.map((node) => ({
    name: node.name,
    role: node.role,
    model: node.model,
    address: node.address,
    sshPort: SSH_PORT,
    services: node.services.map((s) => serviceStatus(state, node, s)),
  }));
  const keeperRunning = isOurs(state.keeperPid, labFiles.keeperScript(state.dir));
  return {
    dir: state.dir,
    profile: labFiles.profile(state.dir),
    frontendUrl: `http://${plan.head.address}:${HTTP_PORT}/`,
    adminSocket: labFiles.adminSocket(plan.head),
    masterSocket: labFiles.masterSocket(plan.head),
    knownHosts: labFiles.knownHosts(state.dir),
    identityFile: labFiles.clientKey(state.dir),
    user: state.user,
    subnet: state.subnet,
    ...(state.workers !== undefined && { workers: state.workers }),
    keeper: { pid: state.keeperPid, running: keeperRunning },
    healthy: nodes.every((n) => n.services.every((s) => s.running && !s.frozen)),
    nodes,
  };
}

export function renderLabStatus(status: LabStatus): string {
  const word = (s: LabServiceStatus) => `${s.name} ${s.frozen ? 'FROZEN' : s.running ? 'up' : 'DOWN'}${s.pid !== null ? ` (${s.pid})` : ''}`;
  const width = Math.max(...status.nodes.map((n) => n.name.length));
  const lines = [
    `lab in ${status.dir} — ${status.healthy ? 'all services up' : 'NOT all services up'}`,
    `  frontend ${status.frontendUrl}   profile ${status.profile}`,
    ...status.nodes.map((n) => `  ${n.name.padEnd(width)}  ${n.address.padEnd(15)} ${n.model.padEnd(8)}  ${n.services.map(word).join(', ')}`),
  ];
  if (!status.keeper.running) lines.push('  keeper DOWN (services started from now on are not reaped by it)');
  return `${lines.join('\n')}\n`;
}
