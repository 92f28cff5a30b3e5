import { diskUsage } from './disk.js';
import { parseLoadavg } from './loadavg.js';
import { parseMeminfo } from './meminfo.js';
import { fresh, staleOr, unknown, type Metric, type RawRead } from './metric.js';
import { parseNetDev } from './net-dev.js';
import type { NodeHealth, RawReads, ServiceHealth, SourcedRead } from './node-health.js';
import type { Result } from '../result.js';
import { parseProcStat } from './proc-stat.js';
import { parseGetThrottled, parseMeasureClock, parseMeasureTemp, parseSysfsThrottled } from './raspberry-pi.js';
import { cpuUsage, networkRates, type NetworkRateOptions } from './rates.js';
import { serviceState } from './service-check.js';
import { parseUptime } from './uptime.js';
import { parseCpufreqKhz, parseDeviceTreeModel, parseThermalZone } from './sysfs.js';

export interface StepOptions {
  readonly network?: NetworkRateOptions;
}

/**
 * The health reducer: the previous health, what this poll read, and the time → the new health.
 * A read that is missing makes its metric unknown; a failed or unparsable read keeps the last
 * value, marked stale with the reason; a field not read this poll keeps its metric as it was.
 */
export function stepHealth(previous: NodeHealth, reads: RawReads, now: number, options: StepOptions = {}): NodeHealth {
  function update<I, T>(prev: Metric<T>, read: RawRead<I> | undefined, parse: (input: I) => Result<T>): Metric<T> {
    if (read === undefined) return prev;
    if (read.kind === 'missing') return unknown(read.reason);
    if (read.kind === 'failed') return staleOr(prev, read.reason);
    const result = parse(read.value);
    return result.ok ? fresh(result.value, now) : staleOr(prev, result.reason);
  }
  /** A rate from this poll's counters and the last ones. */
  function rate<C, T>(
    prev: Metric<T>,
    counters: ParsedRead<C>,
    before: { at: number; value: C } | undefined,
    what: string,
    compute: (before: { at: number; value: C }, current: C) => Result<T>,
  ): Metric<T> {
    if (counters === undefined) return prev;
    if (!counters.ok) return counters.missing ? unknown(counters.reason) : staleOr(prev, counters.reason);
    if (before === undefined) return unknown(`${what} needs a second sample`);
    const result = compute(before, counters.value);
    return result.ok ? fresh(result.value, now) : staleOr(prev, result.reason);
  }
  function sourced<S, V, T>(
    prev: Metric<T>,
    input: SourcedRead<S> | undefined,
    parsers: Record<string & S, (text: string) => Result<V>>,
    shape: (value: V, source: S) => T,
  ): Metric<T> {
    if (input === undefined) return prev;
    const parse = parsers[input.source as string & S];
    return update(prev, input.read, (text: string) => {
      const result = parse(text);
      return result.ok ? { ok: true, value: shape(result.value, input.source) } : result;
    });
  }

  const stat = parseRead(reads.stat, parseProcStat);
  const statBefore = previous.counters.stat;
  const cpu = rate(previous.cpu, stat, statBefore, 'CPU use', (before, current) => cpuUsage(before.value, current));

  const net = parseRead(reads.netDev, parseNetDev);
  const netBefore = previous.counters.netDev;
  const network = rate(previous.network, net, netBefore, 'network traffic', (before, current) =>
    networkRates(before.value, current, (now - before.at) / 1000, options.network),
  );

  return {
    node: previous.node,
    at: now,
    cpu,
    load: update(previous.load, reads.loadavg, parseLoadavg),
    memory: update(previous.memory, reads.meminfo, parseMeminfo),
    disk: update(previous.disk, reads.disk, diskUsage),
    network,
    uptimeSeconds: update(previous.uptimeSeconds, reads.uptime, parseUptime),
    temperature: sourced(
      previous.temperature,
      reads.temperature,
      { 'thermal-zone': parseThermalZone, vcgencmd: parseMeasureTemp },
      (celsius, source) => ({ celsius, source }),
    ),
    armClock: sourced(
      previous.armClock,
      reads.armClock,
      { cpufreq: parseCpufreqKhz, vcgencmd: parseMeasureClock },
      (hz, source) => ({ hz, source }),
    ),
    armClockMax: sourced(
      previous.armClockMax,
      reads.armClockMax,
      { cpufreq: parseCpufreqKhz, vcgencmd: parseMeasureClock },
      (hz, source) => ({ hz, source }),
    ),
    throttling: sourced(
      previous.throttling,
      reads.throttling,
      { sysfs: parseSysfsThrottled, vcgencmd: parseGetThrottled },
      (throttling, source) => ({ ...throttling, source }),
    ),
    board: update(previous.board, reads.board, parseDeviceTreeModel),
    services: stepServices(previous.services, reads.services, now),
    origin: { source: 'ssh', sampledAt: now },
    counters: {
      stat: stat?.ok === true ? { at: now, value: stat.value } : statBefore,
      netDev: net?.ok === true ? { at: now, value: net.value } : netBefore,
    },
  };
}

function stepServices(
  previous: readonly ServiceHealth[],
  read: RawReads['services'],
  now: number,
): readonly ServiceHealth[] {
  if (read === undefined) return previous;
  return previous.map(({ name, state }) => {
    if (read.kind === 'missing') return { name, state: unknown(read.reason) };
    if (read.kind === 'failed') return { name, state: staleOr(state, read.reason) };
    const result = read.value[name];
    if (result === undefined) return { name, state: staleOr(state, `no result for ${name}`) };
    const parsed = serviceState(name, result);
    return { name, state: parsed.ok ? fresh(parsed.value, now) : unknown(parsed.reason) };
  });
}

type ParsedRead<T> =
  | undefined
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

function parseRead<T>(read: RawRead | undefined, parse: (text: string) => Result<T>): ParsedRead<T> {
  if (read === undefined) return undefined;
  if (read.kind !== 'read') return { ok: false, missing: read.kind === 'missing', reason: read.reason };
  const result = parse(read.value);
  return result.ok ? result : { ok: false, missing: false, reason: result.reason };
}
