import { valueOf, type Metric } from '../health/metric.js';
import type { NodeHealth } from '../health/node-health.js';
import type { ThrottleFlags } from '../health/throttling.js';

/** The health part of one `picon status --json` node (docs/status.md). null: not known. */

export interface StatusCpu {
  /** 0–100, all CPUs together, between the two samples status takes. */
  readonly busyPercent: number;
  readonly iowaitPercent: number;
  readonly cores: readonly { readonly cpu: number; readonly busyPercent: number }[];
}

export interface StatusMemory {
  readonly usedBytes: number;
  readonly availableBytes: number;
  readonly totalBytes: number;
}

export interface StatusDisk {
  readonly usedBytes: number;
  readonly availableBytes: number;
  readonly totalBytes: number;
  readonly usedPercent: number;
}

export interface StatusNetwork {
  readonly rxBytesPerSecond: number;
  readonly txBytesPerSecond: number;
}

export interface StatusThrottling {
  /** The firmware's bit field, e.g. 327685 (0x50005). */
  readonly raw: number;
  readonly now: ThrottleFlags;
  readonly sinceBoot: ThrottleFlags;
}

export interface StatusService {
  readonly name: string;
  /** null: the check could not run or its result is not known (see detail). */
  readonly running: boolean | null;
  /** What the check printed, or why its state is not known. */
  readonly detail: string;
}

export interface StatusNodeHealth {
  /** /proc/device-tree/model, e.g. "Raspberry Pi Zero W Rev 1.1". */
  readonly board: string | null;
  readonly cpu: StatusCpu | null;
  readonly memory: StatusMemory | null;
  readonly disk: StatusDisk | null;
  readonly network: StatusNetwork | null;
  readonly temperatureCelsius: number | null;
  readonly armClockHz: number | null;
  readonly armClockMaxHz: number | null;
  readonly throttling: StatusThrottling | null;
  /** The profile's services for the node, in profile order. */
  readonly services: readonly StatusService[];
  /** Why a metric has no fresh value, by metric name ("temperature": "p1 has no thermal zone"). */
  readonly metricNotes: Readonly<Record<string, string>>;
  /** Where the health came from and how old it was when read; null when not read at all. */
  readonly healthSource: StatusHealthSource | null;
}

export interface StatusHealthSource {
  /** `ssh`: the node's own connection; `prometheus`: the profile's Prometheus server. */
  readonly source: 'ssh' | 'prometheus';
  /** Seconds between the sample (Prometheus: its last scrape of the node) and when picon read it. */
  readonly ageSeconds: number | null;
  /** Why this source, or what is wrong with it (Prometheus unreachable, no target for the node). */
  readonly note: string | null;
}

/** The fields a node has when it was not read at all (unreachable). */
export function noHealth(services: readonly string[], why: string): StatusNodeHealth {
  return {
    board: null,
    cpu: null,
    memory: null,
    disk: null,
    network: null,
    temperatureCelsius: null,
    armClockHz: null,
    armClockMaxHz: null,
    throttling: null,
    services: services.map((name) => ({ name, running: null, detail: why })),
    metricNotes: {},
    healthSource: null,
  };
}

function note(notes: Record<string, string>, name: string, metric: Metric<unknown>): void {
  if (metric.state === 'unknown') notes[name] = metric.reason;
  else if (metric.state === 'stale') notes[name] = `stale: ${metric.reason}`;
}

function map<T, U>(metric: Metric<T>, shape: (value: T) => U): U | null {
  const value = valueOf(metric);
  return value === undefined ? null : shape(value);
}

/** A prober's health (after two polls) in the status shape; stale values are shown, and noted. */
export function statusHealth(health: NodeHealth): StatusNodeHealth {
  const notes: Record<string, string> = {};
  const metrics = {
    board: health.board,
    cpu: health.cpu,
    memory: health.memory,
    disk: health.disk,
    network: health.network,
    temperature: health.temperature,
    armClock: health.armClock,
    armClockMax: health.armClockMax,
    throttling: health.throttling,
  } satisfies Record<string, Metric<unknown>>;
  for (const [name, metric] of Object.entries(metrics)) note(notes, name, metric);
  return {
    board: valueOf(health.board) ?? null,
    cpu: map(health.cpu, (c) => ({ busyPercent: c.busyPercent, iowaitPercent: c.iowaitPercent, cores: c.cores })),
    memory: map(health.memory, (m) => ({ usedBytes: m.usedBytes, availableBytes: m.availableBytes, totalBytes: m.totalBytes })),
    disk: map(health.disk, (d) => ({ usedBytes: d.usedBytes, availableBytes: d.availableBytes, totalBytes: d.totalBytes, usedPercent: d.usedPercent })),
    network: map(health.network, (n) => ({ rxBytesPerSecond: n.rxBytesPerSecond, txBytesPerSecond: n.txBytesPerSecond })),
    temperatureCelsius: map(health.temperature, (t) => t.celsius),
    armClockHz: map(health.armClock, (c) => c.hz),
    armClockMaxHz: map(health.armClockMax, (c) => c.hz),
    throttling: map(health.throttling, (t) => ({ raw: t.raw, now: t.now, sinceBoot: t.sinceBoot })),
    services: health.services.map(({ name, state }) =>
      state.state === 'unknown'
        ? { name, running: null, detail: state.reason }
        : { name, running: state.value.running, detail: state.state === 'stale' ? `${state.value.detail} (stale: ${state.reason})` : state.value.detail },
    ),
    metricNotes: notes,
    healthSource: health.origin === undefined ? null : {
      source: health.origin.source,
      ageSeconds: health.origin.sampledAt === undefined ? null : Math.round(Math.max(0, health.at - health.origin.sampledAt) / 100) / 10,
      note: health.origin.note ?? null,
    },
  };
}
