import { failure, type Result, success } from '../result.js';
import type { CpuTimes, ProcStat } from './proc-stat.js';
import type { InterfaceCounters } from './net-dev.js';

/** Rates from two counter samples. A rate that cannot be computed is a reason, never a negative number. */

export interface CpuUsage {
  /** 0–100, all CPUs together. */
  readonly busyPercent: number;
  readonly iowaitPercent: number;
  /** Per online CPU present in both samples, by CPU number. */
  readonly cores: readonly { readonly cpu: number; readonly busyPercent: number }[];
}

function busy(prev: CpuTimes, next: CpuTimes): Result<{ busy: number; iowait: number }> {
  const total = next.total - prev.total;
  const idle = next.idle - prev.idle;
  const iowait = next.iowait - prev.iowait;
  if (total < 0 || idle < 0 || iowait < 0) return failure('CPU counters went backwards (reboot or CPU hotplug)');
  if (total === 0) return failure('no CPU time passed between samples');
  return success({ busy: ((total - Math.min(idle, total)) / total) * 100, iowait: (Math.min(iowait, total) / total) * 100 });
}

export function cpuUsage(prev: ProcStat, next: ProcStat): Result<CpuUsage> {
  const all = busy(prev.all, next.all);
  if (!all.ok) return all;
  const cores: { cpu: number; busyPercent: number }[] = [];
  for (const [cpu, times] of next.cores) {
    const before = prev.cores.get(cpu);
    const core = before === undefined ? undefined : busy(before, times);
    if (core?.ok === true) cores.push({ cpu, busyPercent: core.value.busy });
  }
  cores.sort((a, b) => a.cpu - b.cpu);
  return success({ busyPercent: all.value.busy, iowaitPercent: all.value.iowait, cores });
}

export interface InterfaceRate {
  readonly name: string;
  readonly rxBytesPerSecond: number;
  readonly txBytesPerSecond: number;
}

export interface NetworkRates {
  /** Sum over the interfaces below. */
  readonly rxBytesPerSecond: number;
  readonly txBytesPerSecond: number;
  readonly interfaces: readonly InterfaceRate[];
}

export interface NetworkRateOptions {
  /** Count `lo` too (default false: loopback traffic is not network traffic). */
  readonly includeLoopback?: boolean;
}

export function networkRates(
  prev: readonly InterfaceCounters[],
  next: readonly InterfaceCounters[],
  seconds: number,
  options: NetworkRateOptions = {},
): Result<NetworkRates> {
  if (!(seconds > 0)) return failure('no time passed between network samples');
  const before = new Map(prev.map((i) => [i.name, i]));
  const interfaces: InterfaceRate[] = [];
  for (const now of next) {
    if (now.name === 'lo' && options.includeLoopback !== true) continue;
    const then = before.get(now.name);
    if (then === undefined) continue; // appeared since the last sample: a rate next time
    const rx = now.rxBytes - then.rxBytes;
    const tx = now.txBytes - then.txBytes;
    if (rx < 0 || tx < 0) return failure(`${now.name} counters went backwards (interface reset)`);
    interfaces.push({ name: now.name, rxBytesPerSecond: rx / seconds, txBytesPerSecond: tx / seconds });
  }
  return success({
    rxBytesPerSecond: interfaces.reduce((sum, i) => sum + i.rxBytesPerSecond, 0),
    txBytesPerSecond: interfaces.reduce((sum, i) => sum + i.txBytesPerSecond, 0),
    interfaces,
  });
}
