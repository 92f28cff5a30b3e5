import { commandBatch, parseBatch, type BatchResult } from '../../core/health/command-batch.js';
import { stepHealth } from '../../core/health/health-step.js';
import { untilNextTick } from '../../core/util/aligned-tick.js';
import { readFailed, readMissing, readValue, type RawRead } from '../../core/health/metric.js';
import { initialHealth, type NodeHealth, type RawReads } from '../../core/health/node-health.js';
import { DISK_PATH, PROC, SYSFS, VCGENCMD } from '../../core/health/probe-paths.js';
import type { NetworkRateOptions } from '../../core/health/rates.js';
import { serviceCheckCommand } from '../../core/health/service-check.js';
import { isRaspberryPi, parseDeviceTreeModel } from '../../core/health/sysfs.js';
import { remoteCommand } from '../../core/remote/shell-quote.js';
import type { Clock } from '../../core/ports/clock.js';
import type { NodeTransport, RemoteError } from '../../core/ports/node-transport.js';
import { readFilesViaExec, type PollFiles } from './exec-files.js';
import { SftpFiles } from './sftp-files.js';

/** What the prober needs to know about a node (a NodeSpec has all of it). */
export interface ProbeTarget {
  readonly name: string;
  readonly services: readonly string[];
  readonly serviceControl: { readonly isActive: string };
}

export interface NodeProberOptions {
  readonly node: ProbeTarget;
  readonly transport: NodeTransport;
  /** Steady-state poll period (default 1000 ms): polls start on each multiple of it on the clock. */
  readonly intervalMs?: number;
  /** Period of checks that start a process on the node: services, vcgencmd (default 15 000 ms). */
  readonly slowIntervalMs?: number;
  /**
   * Where in each slow interval this node's slow checks fall (0 ≤ offset < slowIntervalMs).
   * Default: spread by the node's name, so that 200 nodes do not all start their service
   * checks in the same second and stall that refresh; 0 puts every node on the same second.
   */
  readonly slowOffsetMs?: number;
  /** Per SFTP request and per remote command (default 5000 ms). */
  readonly timeoutMs?: number;
  /** In exec mode (the node refused SFTP), how often SFTP is tried again (default 60 000 ms). */
  readonly sftpRetryMs?: number;
  readonly network?: NetworkRateOptions;
  readonly clock?: Clock;
}

export interface ProberStats {
  readonly polls: number;
  /** Remote commands started (each one is at least one process on the node). */
  readonly execs: number;
  /** SFTP requests sent on the current session. */
  readonly sftpRequests: number;
  /**
   * How files are read: 'sftp', or 'exec' where the node's sshd refuses the SFTP subsystem (one
   * remote command per poll that cats the files and runs df; see docs/health.md).
   */
  readonly mode: ProbeMode;
}

export type ProbeMode = 'sftp' | 'exec';

export interface NodeProber {
  /** One poll now; never rejects. A call while a poll is running gets that poll's result. */
  poll(): Promise<NodeHealth>;
  current(): NodeHealth;
  /** Polls now, then on every multiple of intervalMs on the clock until stop(); polls never overlap. */
  start(): void;
  stop(): void;
  subscribe(listener: (health: NodeHealth) => void): () => void;
  stats(): ProberStats;
  /** The next poll checks the services (and the other slow reads) at once, not when they are next due. */
  recheckServices(): void;
}

type PiMetric = keyof typeof VCGENCMD;
const PI_METRICS: readonly PiMetric[] = ['temperature', 'armClock', 'throttling'];

/** A node's place in the slow interval, 0 ≤ phase < 1, from its name (FNV-1a): the same every run. */
export function slowPhase(name: string): number {
  let hash = 0x811c9dc5;
  for (const ch of name) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

export function createNodeProber(options: NodeProberOptions): NodeProber {
  const { node, transport } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const slowIntervalMs = options.slowIntervalMs ?? 15_000;
  const slowOffsetMs = options.slowOffsetMs ?? slowPhase(node.name) * slowIntervalMs;
  /** Which slow interval a time is in: the slow checks run once in each, at this node's offset. */
  const slowSlot = (t: number): number => Math.floor((t - slowOffsetMs) / slowIntervalMs);
  const timeoutMs = options.timeoutMs ?? 5000;
  const sftpRetryMs = options.sftpRetryMs ?? 60_000;
  const clock = options.clock ?? Date.now;

  let health = initialHealth(node.name, node.services, clock());
  let files: SftpFiles | undefined;
  let inFlight: Promise<NodeHealth> | undefined;
  let lastSlowAt: number | undefined;
  let polls = 0;
  let execs = 0;
  let running = false;
  /** Bumped by start and stop, so a poll that ends after stop() schedules nothing. */
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(h: NodeHealth) => void>();
  /** Sysfs files the node does not have (learned once). */
  const sysfsAbsent = new Map<PiMetric, string>();
  let board: { known: false } | { known: true; pi: boolean } = { known: false };
  let maxClockRead = false;
  let vcgencmdMissing: string | undefined;
  let mode: ProbeMode = 'sftp';
  /** When SFTP was last refused (exec mode). */
  let sftpRefusedAt = 0;

  async function session(): Promise<SftpFiles | RemoteError> {
    const opened = await transport.files();
    if (!opened.ok) return opened.error;
    if (files?.session !== opened.value) {
      files?.close();
      files = new SftpFiles(opened.value, node.name, timeoutMs);
    }
    return files;
  }

  /**
   * This poll's files: over SFTP, or by one exec of `paths` where the connection is up but the
   * server refuses the SFTP channel (no `Subsystem sftp`: ssh2 says "Unable to start subsystem").
   */
  async function pollFiles(paths: readonly string[], now: number): Promise<PollFiles | string> {
    if (mode === 'exec' && now - sftpRefusedAt < sftpRetryMs) return viaExec(paths);
    const sftp = await session();
    if (sftp instanceof SftpFiles) {
      mode = 'sftp';
      return sftp;
    }
    if (sftp.kind !== 'channel') return sftp.message;
    mode = 'exec';
    sftpRefusedAt = now;
    return viaExec(paths);
  }

  function viaExec(paths: readonly string[]): Promise<PollFiles> {
    execs += 1;
    return readFilesViaExec(transport, paths, DISK_PATH, timeoutMs);
  }

  async function exec(text: string, count: number): Promise<RawRead<readonly BatchResult[]>> {
    execs += 1;
    const result = await transport.exec({ text }, { timeoutMs });
    if (!result.ok) return readFailed(result.error.message);
    const parsed = parseBatch(result.value.stdout, count);
    return parsed.ok ? readValue(parsed.value) : readFailed(`${node.name}: ${parsed.reason}`);
  }

  async function checkServices(): Promise<RawReads['services']> {
    if (node.services.length === 0) return undefined;
    const batch = await exec(serviceCheckCommand(node.serviceControl.isActive, node.name, node.services).text, node.services.length);
    if (batch.kind !== 'read') return batch;
    return readValue(Object.fromEntries(node.services.map((s, i) => [s, batch.value[i] ?? { code: null, output: '' }])));
  }

  /** vcgencmd for the Pi metrics whose sysfs file is missing; undefined for those it does not cover. */
  async function vcgencmd(wanted: readonly PiMetric[]): Promise<Partial<Record<PiMetric, RawRead>>> {
    const reads: Partial<Record<PiMetric, RawRead>> = {};
    if (wanted.length === 0) return reads;
    const batch = await exec(commandBatch(wanted.map((m) => remoteCommand(VCGENCMD[m]))).text, wanted.length);
    wanted.forEach((metric, i) => {
      const result = batch.kind === 'read' ? batch.value[i] : undefined;
      if (batch.kind !== 'read') reads[metric] = batch;
      else if (result?.code === 0) reads[metric] = readValue(result.output);
      else if (result?.code === 127) vcgencmdMissing ??= `${node.name} has neither the firmware sysfs files nor vcgencmd`;
      else if (result?.code != null) vcgencmdMissing ??= `${node.name}: vcgencmd failed: ${result.output || `exit ${result.code}`}`;
      else reads[metric] = readFailed(`${node.name}: vcgencmd did not finish`);
    });
    if (vcgencmdMissing !== undefined) for (const m of wanted) reads[m] ??= readMissing(vcgencmdMissing);
    return reads;
  }

  async function pollNow(): Promise<NodeHealth> {
    const started = clock();
    const slowDue = lastSlowAt === undefined || slowIntervalMs <= 0 || slowSlot(started) !== slowSlot(lastSlowAt);
    if (slowDue) lastSlowAt = started;
    const services = slowDue ? checkServices() : Promise.resolve(undefined);

    const pi = PI_METRICS.filter((m) => !sysfsAbsent.has(m));
    const wantBoard = !board.known && slowDue;
    const wantMaxClock = !maxClockRead && slowDue;
    const sftp = await pollFiles([
      PROC.stat, PROC.loadavg, PROC.meminfo, PROC.netDev, PROC.uptime,
      ...(wantBoard ? [PROC.board] : []),
      ...(wantMaxClock ? [SYSFS.armClockMax] : []),
      ...pi.map((m) => SYSFS[m]),
    ], started);
    const read = (path: string): Promise<RawRead> =>
      typeof sftp === 'string' ? Promise.resolve(readFailed(sftp)) : sftp.read(path);
    const [stat, loadavg, meminfo, netDev, uptime, disk, boardRead, maxClock, ...sysfs] = await Promise.all([
      read(PROC.stat),
      read(PROC.loadavg),
      read(PROC.meminfo),
      read(PROC.netDev),
      read(PROC.uptime),
      typeof sftp === 'string' ? readFailed(sftp) : sftp.statvfs(DISK_PATH),
      wantBoard && typeof sftp !== 'string' ? sftp.readOnce(PROC.board) : undefined,
      wantMaxClock && typeof sftp !== 'string' ? sftp.readOnce(SYSFS.armClockMax) : undefined,
      ...pi.map((m) => read(SYSFS[m])),
    ]);
    const at = clock();

    if (boardRead?.kind === 'read') {
      const model = parseDeviceTreeModel(boardRead.value);
      board = { known: true, pi: model.ok && isRaspberryPi(model.value) };
    } else if (boardRead?.kind === 'missing') board = { known: true, pi: false };
    if (maxClock !== undefined && maxClock.kind !== 'failed') maxClockRead = true;

    const piReads: Partial<Record<PiMetric, { viaVcgencmd: boolean; read: RawRead }>> = {};
    pi.forEach((metric, i) => {
      const result = sysfs[i];
      if (result?.kind === 'missing') sysfsAbsent.set(metric, result.reason);
      else if (result !== undefined) piReads[metric] = { viaVcgencmd: false, read: result };
    });
    const needVc = PI_METRICS.filter((m) => sysfsAbsent.has(m) && piReads[m] === undefined);
    if (board.known && (!board.pi || vcgencmdMissing !== undefined)) {
      for (const m of needVc) piReads[m] = { viaVcgencmd: true, read: readMissing(vcgencmdMissing ?? sysfsAbsent.get(m) ?? '') };
    } else if (board.known && slowDue) {
      const vc = await vcgencmd(needVc);
      for (const m of needVc) {
        const result = vc[m];
        if (result !== undefined) piReads[m] = { viaVcgencmd: true, read: result };
      }
    }
    const { temperature, armClock, throttling } = piReads;

    const reads: RawReads = {
      stat, loadavg, meminfo, netDev, uptime, disk,
      ...(boardRead !== undefined && { board: boardRead }),
      ...(maxClock !== undefined && { armClockMax: { source: 'cpufreq', read: maxClock } }),
      ...(temperature !== undefined && {
        temperature: { source: temperature.viaVcgencmd ? 'vcgencmd' : 'thermal-zone', read: temperature.read },
      }),
      ...(armClock !== undefined && {
        armClock: { source: armClock.viaVcgencmd ? 'vcgencmd' : 'cpufreq', read: armClock.read },
      }),
      ...(throttling !== undefined && {
        throttling: { source: throttling.viaVcgencmd ? 'vcgencmd' : 'sysfs', read: throttling.read },
      }),
    };
    const serviceReads = await services;
    health = stepHealth(health, serviceReads === undefined ? reads : { ...reads, services: serviceReads }, at, {
      ...(options.network !== undefined && { network: options.network }),
    });
    polls += 1;
    return health;
  }

  function poll(): Promise<NodeHealth> {
    inFlight ??= pollNow().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function tick(run: number): Promise<void> {
    const next = await poll();
    if (run !== generation) return;
    for (const listener of listeners) listener(next);
    timer = setTimeout(() => void tick(run), untilNextTick(clock(), intervalMs));
  }

  return {
    poll,
    current: () => health,
    start() {
      if (running) return;
      running = true;
      generation += 1;
      void tick(generation);
    },
    stop() {
      running = false;
      generation += 1;
      clearTimeout(timer);
      files?.close();
      files = undefined;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats: () => ({ polls, execs, sftpRequests: files?.requests ?? 0, mode }),
    recheckServices: () => {
      lastSlowAt = undefined;
    },
  };
}
