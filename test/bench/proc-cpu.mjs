// CPU time of process trees on this machine, from /proc (the lab's "nodes" are local processes).
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = 100; // USER_HZ: /proc/PID/stat counts CPU time in these ticks

export function children(pid) {
  const out = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    }
  } catch {
    // Ended.
  }
  return out;
}

/**
 * CPU ms used so far by everything under these sshd listeners — the sessions and what they
 * started (live processes' utime+stime plus their reaped children's cutime+cstime).
 */
export function sessionsCpuMs(listeners) {
  let ticks = 0;
  const queue = listeners.flatMap(children);
  while (queue.length > 0) {
    const pid = queue.shift();
    queue.push(...children(pid));
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // Ended between listing and reading.
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

/** The sshd listener pid of every lab node, from `picon lab up --json` / `lab status --json`. */
export function sshdListeners(labStatus) {
  return labStatus.nodes.map((n) => n.services.find((s) => s.name === 'sshd')?.pid).filter((p) => typeof p === 'number');
}
