import { failure, type Result, success } from '../result.js';

/**
 * The master CLI's `show proc`: the master, then "# workers" rows (pid, type, reloads, uptime,
 * version). Workers are addressed as `@1`, `@2` … in list order, or `@!<pid>`.
 */

export interface MasterProcess {
  readonly pid: number;
  readonly type: string;
  readonly reloads?: number;
  readonly uptime?: string;
  readonly version?: string;
}

export interface ProcList {
  readonly master?: MasterProcess;
  /** Current workers (the "# workers" section; "# old workers" still finishing after a reload are left out). */
  readonly workers: readonly MasterProcess[];
}

function row(line: string): MasterProcess | undefined {
  const fields = line.trim().split(/\s+/);
  const [pid, type] = fields;
  if (pid === undefined || type === undefined || !/^\d+$/.test(pid)) return undefined;
  const reloads = fields[2] !== undefined && /^\d+$/.test(fields[2]) ? Number(fields[2]) : undefined;
  // The master prints "0 [failed: 0]" for reloads, so uptime and version are the last two.
  const version = fields.length >= 5 ? fields[fields.length - 1] : undefined;
  const uptime = fields.length >= 5 ? fields[fields.length - 2] : undefined;
  return {
    pid: Number(pid),
    type,
    ...(reloads !== undefined ? { reloads } : {}),
    ...(uptime !== undefined ? { uptime } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

export function parseShowProc(text: string): Result<ProcList> {
  const lines = text.split('\n');
  if (!(lines[0] ?? '').startsWith('#<PID>')) {
    return failure(`not a "show proc" reply: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
  }
  let section = 'master';
  let master: MasterProcess | undefined;
  const workers: MasterProcess[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('#')) {
      section = line.slice(1).trim();
      continue;
    }
    const proc = row(line);
    if (proc === undefined) continue;
    if (section === 'master' && proc.type === 'master') master = proc;
    else if (section === 'workers') workers.push(proc);
  }
  if (master === undefined && workers.length === 0) return failure('"show proc" lists no processes (truncated?)');
  return success({ ...(master !== undefined ? { master } : {}), workers });
}
