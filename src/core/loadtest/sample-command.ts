import { commandBatch, type BatchResult } from '../health/command-batch.js';
import { PROC, SYSFS, VCGENCMD } from '../health/probe-paths.js';
import { readMissing, readValue, type RawRead } from '../health/metric.js';
import { splitTail } from '../health/exec-reads.js';
import { remoteCommand, shellQuote, type RemoteCommand } from '../remote/shell-quote.js';
import { THREADS_SCRIPT } from './process-cpu.js';

/**
 * A node's sample during a run in one remote command: one `tail` prints /proc/stat and the Pi's
 * sensor files (a file tail cannot open has no header: the node has no such sensor); where the
 * node has no sysfs file for the throttle bits, temperature or clock, `vcgencmd` stands in (only
 * while the file is absent: `test -e` is the shell's own, no process). The head adds
 * /proc/net/dev, ab's node ab's /proc/PID/stat (and its children's: `timeout` runs ab as a child),
 * and where the services' pids are known (HAProxy; a worker's nginx and app) their threads'
 * schedstat and CPU caps, in shell builtins (process-cpu.ts): one command per node per sample.
 */

export type VcgencmdMetric = keyof typeof VCGENCMD;
export const VCGENCMD_METRICS: readonly VcgencmdMetric[] = ['throttling', 'temperature', 'armClock'];

export interface SampleWants {
  /** /proc/net/dev: the head, when HAProxy does not count its bytes. */
  readonly netDev: boolean;
  /** vcgencmd where the sysfs file is absent; leave out once the node has shown it has no vcgencmd. */
  readonly vcgencmd: boolean;
  /** ab's pid on this node (the wrapper's `timeout`, or ab itself). */
  readonly processId?: number;
  /** Pids whose threads and CPU cap the bottleneck verdict reads (process-cpu.ts's THREADS_SCRIPT). */
  readonly services?: readonly number[];
}

/**
 * /proc/uptime is read for no value of its own: busybox's tail prints the `==> FILE <==` headers
 * only when it opened two files or more, and a node without Pi sensors has /proc/stat alone.
 */
export const SAMPLE_FILES = [PROC.stat, PROC.uptime, SYSFS.temperature, SYSFS.armClock, SYSFS.armClockMax, SYSFS.throttling] as const;

function processStat(pid: number): RemoteCommand {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`not a process id: ${pid}`);
  const p = String(pid);
  const children = shellQuote(`/proc/${p}/task/${p}/children`);
  return { text: `for p in ${p} $(cat ${children} 2>/dev/null); do cat "/proc/$p/stat" 2>/dev/null; done` };
}

function servicesPart(pids: readonly number[]): RemoteCommand {
  for (const pid of pids) if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`not a process id: ${pid}`);
  return { text: `set -- ${pids.join(' ')}\n${THREADS_SCRIPT}` };
}

/** How many parts the batch has: tail, vcgencmd's, ab's process, the services' threads. */
export function samplePartCount(wants: SampleWants): number {
  return 1 + (wants.vcgencmd ? VCGENCMD_METRICS.length : 0) + (wants.processId !== undefined ? 1 : 0) + (wants.services !== undefined && wants.services.length > 0 ? 1 : 0);
}

export function sampleFiles(wants: SampleWants): string[] {
  return [...SAMPLE_FILES, ...(wants.netDev ? [PROC.netDev] : [])];
}

export function sampleCommand(wants: SampleWants): RemoteCommand {
  const files = sampleFiles(wants);
  const parts: RemoteCommand[] = [{ text: `${remoteCommand(['tail', '-n', '+1', ...files]).text} 2>/dev/null` }];
  if (wants.vcgencmd) {
    const sysfs = { throttling: SYSFS.throttling, temperature: SYSFS.temperature, armClock: SYSFS.armClock } as const;
    for (const m of VCGENCMD_METRICS) parts.push({ text: `test -e ${shellQuote(sysfs[m])} || ${remoteCommand(VCGENCMD[m]).text}` });
  }
  if (wants.processId !== undefined) parts.push(processStat(wants.processId));
  if (wants.services !== undefined && wants.services.length > 0) parts.push(servicesPart(wants.services));
  return commandBatch(parts);
}

/** The batch's results, by what they hold. */
export interface SampleOutput {
  readonly files: ReadonlyMap<string, RawRead>;
  /** Per vcgencmd metric: its reply, `missing` when vcgencmd is not there, absent when the sysfs file answered. */
  readonly vcgencmd: Partial<Record<VcgencmdMetric, RawRead>>;
  /** The /proc/PID/stat lines of ab and its children; `missing` once the process is gone. */
  readonly process?: RawRead;
  /** THREADS_SCRIPT's lines for the services' pids; absent when none were asked for. */
  readonly services?: RawRead;
}

/** Splits parseBatch's results; a part cut short reads as failed. */
export function sampleOutput(node: string, wants: SampleWants, results: readonly BatchResult[]): SampleOutput | string {
  const tail = results[0];
  if (tail === undefined || tail.code === null) return `${node}: the sample did not finish`;
  if (tail.code === 127) return `${node} has no tail`;
  if (tail.code !== 0 && tail.code !== 1) return `${node}: tail exited ${tail.code}`;
  const files = splitTail(node, sampleFiles(wants), tail.output);
  const vcgencmd: Partial<Record<VcgencmdMetric, RawRead>> = {};
  let next = 1;
  if (wants.vcgencmd) {
    for (const m of VCGENCMD_METRICS) {
      const r = results[next++];
      if (r === undefined || r.code === null) vcgencmd[m] = { kind: 'failed', reason: `${node}: vcgencmd did not finish` };
      else if (r.code === 127) vcgencmd[m] = readMissing(`${node} has neither the firmware's sysfs file nor vcgencmd`);
      else if (r.code !== 0) vcgencmd[m] = { kind: 'failed', reason: `${node}: vcgencmd: ${r.output || `exit ${r.code}`}` };
      else if (r.output !== '') vcgencmd[m] = readValue(r.output);
    }
  }
  let process: RawRead | undefined;
  if (wants.processId !== undefined) {
    const r = results[next++];
    process =
      r === undefined || r.code === null
        ? { kind: 'failed', reason: `${node}: reading process ${wants.processId} did not finish` }
        : r.output === '' ? readMissing(`${node}: process ${wants.processId} has ended`) : readValue(r.output);
  }
  let services: RawRead | undefined;
  if (wants.services !== undefined && wants.services.length > 0) {
    const r = results[next];
    services = r === undefined || r.code === null ? { kind: 'failed', reason: `${node}: reading the services' threads did not finish` } : readValue(r.output);
  }
  return { files, vcgencmd, ...(process !== undefined && { process }), ...(services !== undefined && { services }) };
}
