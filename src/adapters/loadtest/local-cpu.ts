import { readdir, readFile } from 'node:fs/promises';
import { parseProcessTicks } from '../../core/loadtest/process-ticks.js';
import { cpuStatPath, parseReading, quotaPeriodsOf, readingDelta, type ProcReading } from '../../core/loadtest/process-cpu.js';
import type { GeneratorReading } from '../../core/loadtest/run-samples.js';

/**
 * picon's own CPU as the load generator: the whole process (process.cpuUsage counts every
 * thread, the built-in engine's workers included) and, on Linux, its busiest thread from
 * /proc/self/task/TID/stat. Thread ticks are in USER_HZ, which Linux fixes at 100 on x86 and ARM.
 * For the bottleneck verdict also its busiest thread's demand (schedstat: running or waiting for a
 * core) and the share of its CPU cap's periods it was stopped in, read as a node's are (process-cpu.ts).
 */

const USER_HZ = 100;

export interface LocalCpu {
  /** The CPU since the previous call; undefined at the first, a reason when it could not be read. */
  sample(): Promise<GeneratorReading | undefined | string>;
}

async function threadTicks(): Promise<Map<number, number> | undefined> {
  let tids: string[];
  try {
    tids = await readdir('/proc/self/task');
  } catch {
    return undefined;
  }
  const ticks = new Map<number, number>();
  await Promise.all(
    tids.map(async (tid) => {
      try {
        const parsed = parseProcessTicks(await readFile(`/proc/self/task/${tid}/stat`, 'latin1'));
        if (parsed.ok) for (const [id, t] of parsed.value) ticks.set(id, t);
      } catch {
        // The thread ended between the listing and the read.
      }
    }),
  );
  return ticks;
}

/** This process's threads, read like a node's services. */
async function selfReading(): Promise<ProcReading | undefined> {
  try {
    const [uptime, stat, tids] = await Promise.all([readFile('/proc/uptime', 'utf8'), readFile('/proc/stat', 'utf8'), readdir('/proc/self/task')]);
    const lines = [`U ${uptime.split(' ')[0] ?? ''}`, ...stat.split('\n').filter((l) => /^cpu\d/.test(l))];
    for (const tid of tids) {
      const s = await readFile(`/proc/self/task/${tid}/schedstat`, 'utf8').catch(() => undefined);
      if (s !== undefined) lines.push(`T ${process.pid} ${tid} ${s.trim()}`);
    }
    const statFile = cpuStatPath(await readFile('/proc/self/cgroup', 'utf8').catch(() => ''));
    const quota = statFile === undefined ? undefined : quotaPeriodsOf(await readFile(statFile, 'utf8').catch(() => ''));
    if (quota !== undefined) lines.push(`C ${process.pid} ${quota.periods} ${quota.throttled}`);
    const parsed = parseReading(lines.join('\n'));
    return parsed.ok ? parsed.reading : undefined;
  } catch {
    return undefined;
  }
}

export function localCpu(clock: () => number = () => performance.now()): LocalCpu {
  let last: { at: number; usage: NodeJS.CpuUsage; threads?: Map<number, number>; proc?: ProcReading } | undefined;
  return {
    async sample() {
      const at = clock();
      const usage = process.cpuUsage();
      const [threads, proc] = await Promise.all([threadTicks(), selfReading()]);
      const was = last;
      last = { at, usage, ...(threads !== undefined && { threads }), ...(proc !== undefined && { proc }) };
      if (was === undefined) return undefined;
      const ms = at - was.at;
      if (ms <= 0) return 'no time passed between two samples';
      const spentMs = (usage.user - was.usage.user + usage.system - was.usage.system) / 1000;
      const self = proc !== undefined && was.proc !== undefined ? readingDelta(was.proc, proc, new Map([[process.pid, 'picon']]))?.groups[0] : undefined;
      const reading: GeneratorReading = {
        cpuPercent: Math.round((spentMs / ms) * 1000) / 10,
        ...(self !== undefined && { busiestThreadDemand: Math.round(self.busiestThreadPct * 10) / 10 }),
        ...(self?.throttledPct !== undefined && { throttledPercent: Math.round(self.throttledPct * 10) / 10 }),
      };
      if (threads === undefined || was.threads === undefined) return reading;
      let busiest = 0;
      for (const [tid, t] of threads) busiest = Math.max(busiest, t - (was.threads.get(tid) ?? t));
      return { ...reading, busiestThreadPercent: Math.min(100, Math.round(((busiest * 1000) / USER_HZ / ms) * 1000) / 10) };
    },
  };
}
