import { chmod, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IN_PLACE_FILES, SENSOR_FILES, sensorFileTexts, VCGENCMD_SCRIPT } from '../../core/lab/pi-sensor-files.js';
import { cooled, heated, parseSensorState, restingState, undervolted, type PiSensorState } from '../../core/lab/pi-sensors.js';
import { labFiles, type LabNodePlan, type LabPlan } from './lab-plan.js';
import { readLabState, withLabLock } from './lab-state.js';
import { planFromState } from './lab-status.js';

/** Each worker's sensor files under <node>/sensors: written at `lab up`, changed by heat/cool/undervolt. */

/** Whole file or nothing: a reader (the prober, the web app, vcgencmd) never sees half a value. */
async function writeAtomic(file: string, text: string, mode = 0o644): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, file);
}

/**
 * The same file (same inode) with the new text, in one write at offset 0, when it already has
 * this length: a reader holding it open sees the new value, and never a shorter or empty file.
 * Otherwise (the first time) whole-file-or-nothing by rename.
 */
async function writeInPlace(file: string, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  const handle = await open(file, 'r+').catch(() => undefined);
  if (handle === undefined) return writeAtomic(file, text);
  try {
    if ((await handle.stat()).size !== bytes.length) return await writeAtomic(file, text);
    await handle.write(bytes, 0, bytes.length, 0);
  } finally {
    await handle.close();
  }
}

export async function writeSensorState(node: LabNodePlan, state: PiSensorState): Promise<void> {
  const dir = labFiles.sensors(node);
  for (const [rel, text] of Object.entries(sensorFileTexts(state.now))) {
    await (IN_PLACE_FILES.includes(rel) ? writeInPlace : writeAtomic)(path.join(dir, rel), text);
  }
  await writeAtomic(path.join(dir, SENSOR_FILES.state), `${JSON.stringify(state)}\n`);
}

/** Directories, the vcgencmd program and the resting values for one worker. */
export async function writeRestingSensors(node: LabNodePlan, index: number): Promise<void> {
  const dir = labFiles.sensors(node);
  // Readable by whoever a node's session runs as, like /sys.
  for (const sub of ['', 'thermal_zone0', 'cpufreq', 'firmware', SENSOR_FILES.vcgencmdDir, SENSOR_FILES.bin]) {
    await mkdir(path.join(dir, sub), { recursive: true, mode: 0o755 });
  }
  const vcgencmd = path.join(dir, SENSOR_FILES.bin, 'vcgencmd');
  await writeFile(vcgencmd, VCGENCMD_SCRIPT, { mode: 0o755 });
  await chmod(vcgencmd, 0o755);
  const resting = restingState(node.model, index);
  // The files node_exporter's thermal_zone and cpufreq collectors read besides the changing ones, as a Pi has them.
  const fixed: Record<string, string> = {
    'thermal_zone0/type': 'cpu-thermal', 'thermal_zone0/policy': 'step_wise',
    'cpufreq/cpuinfo_min_freq': '600000', 'cpufreq/cpuinfo_transition_latency': '355000',
    'cpufreq/scaling_min_freq': '600000', 'cpufreq/scaling_max_freq': String(resting.idle.maxKhz),
    'cpufreq/related_cpus': '0', 'cpufreq/scaling_driver': 'BCM2835 CPUFreq', 'cpufreq/scaling_governor': 'ondemand',
    'cpufreq/scaling_available_governors': 'conservative ondemand userspace powersave performance schedutil',
    'cpufreq/scaling_setspeed': '<unsupported>',
  };
  for (const [rel, text] of Object.entries(fixed)) await writeFile(path.join(dir, rel), `${text}\n`, { mode: 0o644 });
  await writeSensorState(node, resting);
}

export async function readSensorState(node: LabNodePlan): Promise<PiSensorState | undefined> {
  const text = await readFile(path.join(labFiles.sensors(node), SENSOR_FILES.state), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseSensorState(text);
}

export type SensorVerb = 'heat' | 'cool' | 'undervolt';

const CHANGE: Record<SensorVerb, (s: PiSensorState) => PiSensorState> = { heat: heated, cool: cooled, undervolt: undervolted };

export type SensorChange =
  | { readonly ok: true; readonly node: string; readonly before: PiSensorState; readonly after: PiSensorState }
  | { readonly ok: false; readonly code: 1 | 2; readonly reason: string };

/** `lab heat|cool|undervolt NODE`: read, change and write the node's sensors under lab.lock. */
export async function changeSensors(dir: string, nodeName: string, verb: SensorVerb): Promise<SensorChange> {
  const read = await readLabState(dir);
  if (read.kind === 'none') return { ok: false, code: 2, reason: `no lab in ${dir} (start one with \`picon lab up --dir ${dir}\`)` };
  if (read.kind === 'broken') return { ok: false, code: 2, reason: read.reason };
  const plan: LabPlan = planFromState(read.state);
  const node = plan.nodes.find((n) => n.name === nodeName);
  if (node === undefined) return { ok: false, code: 2, reason: `no lab node "${nodeName}" (nodes: ${plan.nodes.map((n) => n.name).join(', ')})` };
  const sensors = read.state.sensors;
  if (sensors?.on !== true) {
    return { ok: false, code: 2, reason: `the lab in ${dir} has no sensors (${sensors?.why ?? 'started by a picon without them'})` };
  }
  if (node.role !== 'worker') {
    return { ok: false, code: 2, reason: `${node.name} has no sensors: only the workers (${plan.workerNodes.map((n) => n.name).join(', ')}) are Pis with sensors` };
  }
  return withLabLock(dir, async () => {
    const before = await readSensorState(node);
    if (before === undefined) return { ok: false, code: 1, reason: `${path.join(labFiles.sensors(node), SENSOR_FILES.state)} is missing or not a sensor state` } as const;
    const after = CHANGE[verb](before);
    await writeSensorState(node, after);
    return { ok: true, node: node.name, before, after } as const;
  });
}
