import { readdir, readFile } from 'node:fs/promises';
import { parseProcessTicks } from '../../core/loadtest/process-ticks.js';
import type { GeneratorReading } from '../../core/loadtest/run-samples.js';

/**
 * picon's own CPU as the load generator: the whole process (process.cpuUsage counts every
 * thread, the built-in engine's workers included) and, on Linux, its busiest thread from
 * /proc/self/task/TID/stat. Thread ticks are in USER_HZ, which Linux fixes at 100 on x86 and ARM.
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

export function localCpu(clock: () => number = () => performance.now()): LocalCpu {
  let last: { at: number; usage: NodeJS.CpuUsage; threads?: Map<number, number> } | undefined;
  return {
    async sample() {
      const at = clock();
      const usage = process.cpuUsage();
      const threads = await threadTicks();
      const was = last;
      last = { at, usage, ...(threads !== undefined && { threads }) };
      if (was === undefined) return undefined;
      const ms = at - was.at;
      if (ms <= 0) return 'no time passed between two samples';
      const spentMs = (usage.user - was.usage.user + usage.system - was.usage.system) / 1000;
      const reading: GeneratorReading = { cpuPercent: Math.round((spentMs / ms) * 1000) / 10 };
      if (threads === undefined || was.threads === undefined) return reading;
      let busiest = 0;
      for (const [tid, t] of threads) busiest = Math.max(busiest, t - (was.threads.get(tid) ?? t));
      return { ...reading, busiestThreadPercent: Math.min(100, Math.round(((busiest * 1000) / USER_HZ / ms) * 1000) / 10) };
    },
  };
}
