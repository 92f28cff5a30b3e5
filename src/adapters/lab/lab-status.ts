import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeThrottling, SINCE_BOOT_SHIFT, throttleLabels } from '../../core/health/throttling.js';
import { SENSOR_FILES } from '../../core/lab/pi-sensor-files.js';
import { parseSensorState, throttledNow, type PiReadings } from '../../core/lab/pi-sensors.js';
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
  /** A worker's Pi sensors as its files say now; null: no sensors (the head, or a lab without them). */
  readonly sensors: LabNodeSensors | null;
}

export interface LabNodeSensors {
  readonly temperatureC: number;
  readonly clockMhz: number;
  readonly maxClockMhz: number;
  /** get_throttled, as vcgencmd prints it: `0x0`, `0xe000e`. */
  readonly throttled: string;
  /** Some *now* bit is set (heat, under-voltage). */
  readonly throttledNow: boolean;
  /** Some since-boot bit is set. */
  readonly throttledSinceBoot: boolean;
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
  /** Whether the workers have Pi sensors; why not, in one line. */
  readonly sensors: { readonly on: boolean; readonly why?: string };
  /** Every service of every node is running and none is frozen. */
  readonly healthy: boolean;
  readonly nodes: readonly LabNodeStatus[];
}

export function planFromState(state: LabState): LabPlan {
  const planned = planLab({
    dir: state.dir, subnet: state.subnet,
    ...(state.workers !== undefined && { workers: state.workers }),
    ...(state.metrics !== undefined && { metrics: state.metrics }),
  });
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

function nodeSensors(node: LabNodePlan): LabNodeSensors | null {
  let text: string;
  try {
    text = readFileSync(path.join(labFiles.sensors(node), SENSOR_FILES.state), 'utf8');
  } catch {
    return null;
  }
  const now = parseSensorState(text)?.now;
  return now === undefined ? null : sensorsOf(now);
}

export function sensorsOf(now: PiReadings): LabNodeSensors {
  return {
    temperatureC: now.millidegrees / 1000,
    clockMhz: now.curKhz / 1000,
    maxClockMhz: now.maxKhz / 1000,
    throttled: `0x${now.throttled.toString(16)}`,
    throttledNow: throttledNow(now),
    throttledSinceBoot: now.throttled >>> SINCE_BOOT_SHIFT !== 0,
  };
}

/** `55.0°C 1200/1200MHz 0x0`, then what is set now (in capitals) or was since boot. */
export function sensorsText(s: LabNodeSensors): string {
  const bits = decodeThrottling(Number.parseInt(s.throttled, 16));
  const now = throttleLabels(bits.now);
  const before = throttleLabels(bits.sinceBoot);
  const state = now.length > 0 ? `  NOW: ${now.join(', ')}` : before.length > 0 ? `  (since boot: ${before.join(', ')})` : '';
  return `${s.temperatureC.toFixed(1)}°C ${s.clockMhz}/${s.maxClockMhz}MHz ${s.throttled}${state}`;
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
    sensors: state.sensors?.on === true && node.role === 'worker' ? nodeSensors(node) : null,
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
    sensors: state.sensors === undefined ? { on: false, why: 'lab started by a picon without sensors' } : state.sensors,
    healthy: nodes.every((n) => n.services.every((s) => s.running && !s.frozen)),
    nodes,
  };
}

/** `sensors: on (…)` or `sensors: off (why)`: one line for `lab up` and `lab status`. */
export function sensorsLine(status: LabStatus): string {
  return status.sensors.on ? 'sensors: on (each worker reads its own Pi sensor files; `picon lab heat|cool|undervolt NODE`)' : `sensors: off (${status.sensors.why ?? 'unknown'})`;
}

export function renderLabStatus(status: LabStatus): string {
  const word = (s: LabServiceStatus) => `${s.name} ${s.frozen ? 'FROZEN' : s.running ? 'up' : 'DOWN'}${s.pid !== null ? ` (${s.pid})` : ''}`;
  const width = Math.max(...status.nodes.map((n) => n.name.length));
  const lines = [
    `lab in ${status.dir} — ${status.healthy ? 'all services up' : 'NOT all services up'}`,
    `  frontend ${status.frontendUrl}   profile ${status.profile}`,
    `  ${sensorsLine(status)}`,
    ...status.nodes.map((n) => `  ${n.name.padEnd(width)}  ${n.address.padEnd(15)} ${n.model.padEnd(8)}  ${n.services.map(word).join(', ')}${n.sensors !== null ? `  ${sensorsText(n.sensors)}` : ''}`),
  ];
  if (!status.keeper.running) lines.push('  keeper DOWN (services started from now on are not reaped by it)');
  return `${lines.join('\n')}\n`;
}
