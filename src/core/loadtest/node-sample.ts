import type { HaproxyInfo } from '../haproxy/show-info.js';
import type { RawRead } from '../health/metric.js';
import { parseNetDev } from '../health/net-dev.js';
import { parseProcStat, type CpuTimes, type ProcStat } from '../health/proc-stat.js';
import { parseGetThrottled, parseMeasureClock, parseMeasureTemp, parseSysfsThrottled } from '../health/raspberry-pi.js';
import { parseCpufreqKhz, parseThermalZone } from '../health/sysfs.js';
import { PROC, SYSFS } from '../health/probe-paths.js';
import type { Result } from '../result.js';
import { parseProcessTicks } from './process-ticks.js';
import { readingDelta, readingOf, type PidGroups, type ProcReading } from './process-cpu.js';
import type { SampleOutput } from './sample-command.js';
import type { CpuBusy, GeneratorSample, HaproxyReading, HeadTraffic, NodeReading, NodeRole, NodeSample } from './run-samples.js';

/**
 * One node's sample from what its command printed and what the previous sample left: busy CPU,
 * bytes and ab's CPU are differences between two samples, so the first one gives none of them.
 */

export interface NodeSampleMemory {
  readonly atMs?: number;
  readonly stat?: ProcStat;
  /** Bytes out: HAProxy's TotalBytesOut summed over its processes, or /proc/net/dev's (lo left out). */
  readonly bytesOut?: { readonly value: number; readonly source: HeadTraffic['source'] };
  /** ab's ticks by pid. */
  readonly processTicks?: ReadonlyMap<number, number>;
  /** The node answered 127 for vcgencmd where its sysfs files are absent: ask no more. */
  readonly vcgencmdMissing?: boolean;
  /** Every sysfs file vcgencmd stands in for was there: the command leaves vcgencmd out. */
  readonly sysfsComplete?: boolean;
  /** The services' threads at the last sample that read them. */
  readonly proc?: ProcReading;
}

export interface NodeSampleInput {
  readonly node: string;
  readonly role: NodeRole;
  readonly atMs: number;
  /** What the command printed, or why it failed (a timeout, a lost connection). */
  readonly output: SampleOutput | string;
  /** The head's `show info` of every process that answered, or why none did. */
  readonly haproxy?: readonly HaproxyInfo[] | string;
  /** ab runs on this node. */
  readonly generator?: boolean;
  /** The pids the command read the threads of → their service ("haproxy", "nginx", "app"). */
  readonly services?: PidGroups;
}

export interface NodeSampleStep {
  readonly sample: NodeSample;
  readonly memory: NodeSampleMemory;
  readonly generator?: GeneratorSample;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const percent = (part: number, whole: number): number => Math.min(100, Math.max(0, round1((part / whole) * 100)));

function busy(before: CpuTimes, after: CpuTimes): number | undefined {
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  return percent(total - (after.idle - before.idle), total);
}

export function cpuBusy(before: ProcStat, after: ProcStat): CpuBusy | undefined {
  const all = busy(before.all, after.all);
  if (all === undefined) return undefined;
  const cores: number[] = [];
  for (const [n, times] of [...after.cores].sort((a, b) => a[0] - b[0])) {
    const was = before.cores.get(n);
    const b = was === undefined ? undefined : busy(was, times);
    if (b !== undefined) cores.push(b);
  }
  return { percent: all, cores };
}

/** A value from its sysfs file, else from vcgencmd's reply; problems collects why a value was there but unreadable. */
function pick<T>(file: RawRead | undefined, fileParse: (t: string) => Result<T>, vc: RawRead | undefined, vcParse: (t: string) => Result<T>, problems: string[]): T | undefined {
  const from = file?.kind === 'read' ? { read: file, parse: fileParse } : vc?.kind === 'read' ? { read: vc, parse: vcParse } : undefined;
  if (from === undefined) {
    const failed = [file, vc].find((r) => r?.kind === 'failed');
    if (failed !== undefined && failed.kind === 'failed') problems.push(failed.reason);
    return undefined;
  }
  const value = from.parse(from.read.value);
  if (value.ok) return value.value;
  problems.push(value.reason);
  return undefined;
}

const mhz = (hz: number): number => Math.round(hz / 1e6);

function haproxyReading(infos: readonly HaproxyInfo[]): HaproxyReading {
  const idle = infos.map((i) => i.idlePercent).filter((n): n is number => n !== undefined);
  const queues = infos.map((i) => i.runQueue).filter((n): n is number => n !== undefined);
  const threads = infos.map((i) => i.threads).filter((n): n is number => n !== undefined);
  return {
    ...(idle.length > 0 && { idlePercent: Math.min(...idle) }),
    ...(queues.length > 0 && { runQueue: queues.reduce((a, b) => a + b, 0) }),
    ...(threads.length > 0 && { threads: Math.max(...threads) }),
    processes: Math.max(infos.length, ...infos.map((i) => i.processes ?? 0)),
  };
}

/** HAProxy's bytes out (2.3+ prints TotalBytesOut), else the node's interfaces but lo. */
function bytesOutNow(output: SampleOutput, infos: readonly HaproxyInfo[] | undefined): NodeSampleMemory['bytesOut'] {
  const counted = infos?.map((i) => i.fields.get('TotalBytesOut')).filter((t): t is string => t !== undefined && /^\d+$/.test(t));
  if (infos !== undefined && counted !== undefined && counted.length === infos.length && counted.length > 0) {
    return { value: counted.reduce((s, t) => s + Number(t), 0), source: 'haproxy' };
  }
  const net = output.files.get(PROC.netDev);
  if (net?.kind !== 'read') return undefined;
  const parsed = parseNetDev(net.value);
  if (!parsed.ok) return undefined;
  const outside = parsed.value.filter((i) => i.name !== 'lo');
  // A host whose only interface is lo (a lab) counts lo.
  const counted2 = outside.length > 0 ? outside : parsed.value;
  return { value: counted2.reduce((s, i) => s + i.txBytes, 0), source: 'net-dev' };
}

function generatorSample(input: NodeSampleInput, output: SampleOutput, before: NodeSampleMemory, stat: ProcStat | undefined): { sample: GeneratorSample; ticks?: ReadonlyMap<number, number> } {
  const atMs = input.atMs;
  const read = output.process;
  if (read === undefined) return { sample: { atMs, missed: `${input.node}: ab's process id is not known yet` } };
  if (read.kind !== 'read') return { sample: { atMs, missed: read.reason } };
  const ticks = parseProcessTicks(read.value);
  if (!ticks.ok) return { sample: { atMs, missed: `${input.node}: ${ticks.reason}` } };
  const was = before.processTicks;
  if (was === undefined || before.stat === undefined || stat === undefined) return { sample: { atMs, missed: 'first sample (a figure needs two)' }, ticks: ticks.value };
  let spent = 0;
  for (const [pid, t] of ticks.value) spent += Math.max(0, t - (was.get(pid) ?? 0));
  const cores = Math.max(1, stat.cores.size);
  const perCore = (stat.all.total - before.stat.all.total) / cores;
  if (perCore <= 0) return { sample: { atMs, missed: `${input.node}: /proc/stat did not move` }, ticks: ticks.value };
  return { sample: { atMs, reading: { cpuPercent: round1((spent / perCore) * 100) } }, ticks: ticks.value };
}

/** The services' CPU and demand since the previous reading; the reading to remember. */
function servicesStep(input: NodeSampleInput, output: SampleOutput, before: NodeSampleMemory, problems: string[]): { services?: NodeSample['services']; proc?: ProcReading } {
  const read = output.services;
  const uptime = output.files.get(PROC.uptime);
  const stat = output.files.get(PROC.stat);
  if (read === undefined || input.services === undefined) return {};
  if (read.kind !== 'read') {
    problems.push(read.reason);
    return {};
  }
  if (uptime?.kind !== 'read' || stat?.kind !== 'read') return {};
  const parsed = readingOf(uptime.value, stat.value, read.value);
  if (!parsed.ok) {
    problems.push(`${input.node}: ${parsed.reason}`);
    return {};
  }
  const delta = before.proc === undefined ? undefined : readingDelta(before.proc, parsed.reading, input.services);
  return { proc: parsed.reading, ...(delta !== undefined && { services: delta.groups }) };
}

export function stepNodeSample(before: NodeSampleMemory, input: NodeSampleInput): NodeSampleStep {
  const { node, role, atMs, output } = input;
  if (typeof output === 'string') {
    const missed: NodeSample = { node, role, atMs, missed: output };
    return { sample: missed, memory: before, ...(input.generator === true && { generator: { atMs, missed: output } }) };
  }
  const problems: string[] = [];
  const statRead = output.files.get(PROC.stat);
  const statParsed = statRead?.kind === 'read' ? parseProcStat(statRead.value) : undefined;
  if (statParsed !== undefined && !statParsed.ok) problems.push(statParsed.reason);
  const stat = statParsed?.ok === true ? statParsed.value : undefined;
  const cpu = stat !== undefined && before.stat !== undefined ? cpuBusy(before.stat, stat) : undefined;

  const f = (path: string): RawRead | undefined => output.files.get(path);
  const temperature = pick(f(SYSFS.temperature), parseThermalZone, output.vcgencmd.temperature, parseMeasureTemp, problems);
  const clock = pick(f(SYSFS.armClock), parseCpufreqKhz, output.vcgencmd.armClock, parseMeasureClock, problems);
  const clockMax = pick(f(SYSFS.armClockMax), parseCpufreqKhz, undefined, parseCpufreqKhz, problems);
  const throttle = pick(f(SYSFS.throttling), parseSysfsThrottled, output.vcgencmd.throttling, parseGetThrottled, problems);
  const reading: NodeReading = {
    ...(cpu !== undefined && { cpu }),
    ...(temperature !== undefined && { temperatureC: round1(temperature) }),
    ...(clock !== undefined && { clockMhz: mhz(clock) }),
    ...(clockMax !== undefined && { clockMaxMhz: mhz(clockMax) }),
    ...(throttle !== undefined && { throttleBits: throttle.raw }),
  };
  const vc = Object.values(output.vcgencmd);
  const vcgencmdMissing = before.vcgencmdMissing === true || (vc.length > 0 && vc.every((r) => r.kind === 'missing'));
  const sysfsComplete = [SYSFS.temperature, SYSFS.armClock, SYSFS.throttling].every((p) => f(p)?.kind === 'read');

  let head: Pick<NodeSample, 'haproxy' | 'haproxyMissed' | 'traffic'> = {};
  let bytesOut: NodeSampleMemory['bytesOut'];
  if (role === 'head') {
    const infos = typeof input.haproxy === 'object' ? input.haproxy : undefined;
    bytesOut = bytesOutNow(output, infos);
    const was = before.bytesOut;
    const seconds = before.atMs === undefined ? 0 : (atMs - before.atMs) / 1000;
    const traffic: HeadTraffic | undefined =
      bytesOut !== undefined && was !== undefined && was.source === bytesOut.source && seconds > 0 && bytesOut.value >= was.value
        ? { bytesOutPerSecond: Math.round((bytesOut.value - was.value) / seconds), source: bytesOut.source }
        : undefined;
    head = {
      ...(infos !== undefined && infos.length > 0 && { haproxy: haproxyReading(infos) }),
      ...(typeof input.haproxy === 'string' && { haproxyMissed: input.haproxy }),
      ...(traffic !== undefined && { traffic }),
    };
  }
  const gen = input.generator === true ? generatorSample(input, output, before, stat) : undefined;
  const threads = servicesStep(input, output, before, problems);
  const memory: NodeSampleMemory = {
    ...(threads.proc !== undefined && { proc: threads.proc }),
    atMs,
    ...(stat !== undefined ? { stat } : before.stat !== undefined && { stat: before.stat }),
    ...(bytesOut !== undefined && { bytesOut }),
    ...(gen?.ticks !== undefined && { processTicks: gen.ticks }),
    ...(vcgencmdMissing && { vcgencmdMissing }),
    ...(sysfsComplete && { sysfsComplete }),
  };
  const sample: NodeSample = { node, role, atMs, reading, ...head, ...(threads.services !== undefined && { services: threads.services }), ...(problems.length > 0 && { problems }) };
  return { sample, memory, ...(gen !== undefined && { generator: gen.sample }) };
}
