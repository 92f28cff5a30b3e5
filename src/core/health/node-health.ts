import type { DiskUsage } from './disk.js';
import type { LoadAverage } from './loadavg.js';
import type { Memory } from './meminfo.js';
import { unknown, type Metric, type RawRead } from './metric.js';
import type { InterfaceCounters } from './net-dev.js';
import type { ProcStat } from './proc-stat.js';
import type { CpuUsage, NetworkRates } from './rates.js';
import type { BatchResult } from './command-batch.js';
import type { ServiceState } from './service-check.js';
import type { Throttling } from './throttling.js';

/** Where a reading that has more than one possible source came from. */
export type TemperatureSource = 'thermal-zone' | 'vcgencmd';
export type ClockSource = 'cpufreq' | 'vcgencmd';
export type ThrottlingSource = 'sysfs' | 'vcgencmd';

export interface Temperature {
  readonly celsius: number;
  readonly source: TemperatureSource;
}

export interface Clock {
  readonly hz: number;
  readonly source: ClockSource;
}

export interface ThrottlingReading extends Throttling {
  readonly source: ThrottlingSource;
}

export interface ServiceHealth {
  readonly name: string;
  readonly state: Metric<ServiceState>;
}

interface Counter<T> {
  readonly at: number;
  readonly value: T;
}

/** Where a node's health came from: its own SSH connection, or a Prometheus server. */
export type HealthSourceKind = 'ssh' | 'prometheus';

export interface HealthOrigin {
  readonly source: HealthSourceKind;
  /** When the values were sampled on the node (ms): for Prometheus, its last scrape, which may be seconds old. */
  readonly sampledAt?: number;
  /** Why this source (a node Prometheus does not know is read over SSH), or what is wrong with it now. */
  readonly note?: string;
}

/** Everything picon knows about one node's health at one moment. */
export interface NodeHealth {
  readonly node: string;
  /** When this was last updated (ms since epoch). */
  readonly at: number;
  readonly cpu: Metric<CpuUsage>;
  readonly load: Metric<LoadAverage>;
  readonly memory: Metric<Memory>;
  /** The root file system. */
  readonly disk: Metric<DiskUsage>;
  /** Interfaces other than `lo`, summed and each. */
  readonly network: Metric<NetworkRates>;
  readonly uptimeSeconds: Metric<number>;
  readonly temperature: Metric<Temperature>;
  readonly armClock: Metric<Clock>;
  readonly armClockMax: Metric<Clock>;
  readonly throttling: Metric<ThrottlingReading>;
  /** /proc/device-tree/model, e.g. "Raspberry Pi Zero W Rev 1.1". */
  readonly board: Metric<string>;
  /** The node's configured services, in profile order. */
  readonly services: readonly ServiceHealth[];
  /** Where it came from and how old it is (absent: not read yet). */
  readonly origin?: HealthOrigin;
  /** The raw counters the next step computes rates from. */
  readonly counters: { readonly stat?: Counter<ProcStat>; readonly netDev?: Counter<readonly InterfaceCounters[]> };
}

export interface SourcedRead<S> {
  readonly source: S;
  readonly read: RawRead;
}

/** What one poll read. A field left out was not read this time (its metric keeps its value). */
export interface RawReads {
  readonly stat?: RawRead;
  readonly loadavg?: RawRead;
  readonly meminfo?: RawRead;
  readonly netDev?: RawRead;
  readonly uptime?: RawRead;
  /** The statvfs reply for `/` (ssh2's fsInfo object). */
  readonly disk?: RawRead<unknown>;
  readonly temperature?: SourcedRead<TemperatureSource>;
  readonly armClock?: SourcedRead<ClockSource>;
  readonly armClockMax?: SourcedRead<ClockSource>;
  readonly throttling?: SourcedRead<ThrottlingSource>;
  readonly board?: RawRead;
  /** Each service's check result, by service name. */
  readonly services?: RawRead<Readonly<Record<string, BatchResult>>>;
}

const NOT_YET = 'not read yet';

export function initialHealth(node: string, services: readonly string[], now: number): NodeHealth {
  return {
    node,
    at: now,
    cpu: unknown(NOT_YET),
    load: unknown(NOT_YET),
    memory: unknown(NOT_YET),
    disk: unknown(NOT_YET),
    network: unknown(NOT_YET),
    uptimeSeconds: unknown(NOT_YET),
    temperature: unknown(NOT_YET),
    armClock: unknown(NOT_YET),
    armClockMax: unknown(NOT_YET),
    throttling: unknown(NOT_YET),
    board: unknown(NOT_YET),
    services: services.map((name) => ({ name, state: unknown(NOT_YET) })),
    counters: {},
  };
}
