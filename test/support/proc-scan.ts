import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes on this machine read from /proc, for tests that must show a remote command is gone
 * (the lab's nodes are local processes). Only ever processes a test can name: by an argv that
 * holds its own unique URL, or as descendants of a process found so.
 */

export interface ProcessInfo {
  readonly pid: number;
  readonly argv: readonly string[];
  /** Clock ticks since boot (field 22 of /proc/PID/stat): a pid is the same process only with the same start. */
  readonly start: number;
}

interface Stat {
  readonly state: string;
  readonly ppid: number;
  readonly start: number;
}

function statOf(pid: number): Stat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), start: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');
  } catch {
    return [];
  }
}

/** Every live (not zombie) process. */
function live(): { pid: number; stat: Stat }[] {
  const found: { pid: number; stat: Stat }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat !== undefined && !/[ZX]/.test(stat.state)) found.push({ pid: Number(name), stat });
  }
  return found;
}

/** Live `ab` processes (argv[0] ends in ab) whose argv holds `text` (the run's own URL). */
export function abProcesses(text: string): ProcessInfo[] {
  return live()
    .map(({ pid, stat }) => ({ pid, argv: argvOf(pid), start: stat.start }))
    .filter((p) => /(^|\/)ab$/.test(p.argv[0] ?? '') && p.argv.some((a) => a.includes(text)));
}

export function parentOf(pid: number): number | undefined {
  return statOf(pid)?.ppid;
}

/** pid and every live process under it (pid first). */
export function treeOf(pid: number): ProcessInfo[] {
  const all = live();
  const children = new Map<number, number[]>();
  for (const { pid: p, stat } of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), p]);
  const starts = new Map(all.map(({ pid: p, stat }) => [p, stat.start]));
  const tree: ProcessInfo[] = [];
  const visit = (p: number): void => {
    const start = starts.get(p);
    if (start === undefined) return;
    tree.push({ pid: p, argv: argvOf(p), start });
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return tree;
}

/** Those of `processes` still running (same pid, same start). */
export function stillRunning(processes: readonly ProcessInfo[]): ProcessInfo[] {
  return processes.filter((p) => {
    const stat = statOf(p.pid);
    return stat !== undefined && stat.start === p.start && !/[ZX]/.test(stat.state);
  });
}
