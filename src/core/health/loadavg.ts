import { excerpt, toCount, toDecimal } from './parsed.js';
import { failure, type Result, success } from '../result.js';

export interface LoadAverage {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  /** Runnable scheduling entities now / that exist. */
  readonly running: number;
  readonly tasks: number;
  /** The most recently created pid. */
  readonly lastPid: number;
}

/** /proc/loadavg: `0.02 0.08 0.04 1/93 5639`. */
export function parseLoadavg(text: string): Result<LoadAverage> {
  const match = /^(\S+) (\S+) (\S+) (\d+)\/(\d+) (\d+)\s*$/.exec(text);
  const load1 = toDecimal(match?.[1]);
  const load5 = toDecimal(match?.[2]);
  const load15 = toDecimal(match?.[3]);
  const running = toCount(match?.[4]);
  const tasks = toCount(match?.[5]);
  const lastPid = toCount(match?.[6]);
  if (
    load1 === undefined || load5 === undefined || load15 === undefined ||
    running === undefined || tasks === undefined || lastPid === undefined
  ) {
    return failure(`/proc/loadavg: expected "L1 L5 L15 R/T PID", got ${excerpt(text)}`);
  }
  return success({ load1, load5, load15, running, tasks, lastPid });
}
