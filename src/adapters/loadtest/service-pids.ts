import { listeningInodes, pidsOfFdPaths, type PidGroups } from '../../core/loadtest/process-cpu.js';
import { remoteCommand } from '../../core/remote/shell-quote.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';

/**
 * A worker's service pids (its nginx and app), found once before a run by the ports they listen
 * on: /proc/net/tcp gives the listening sockets' inodes, `find /proc/PID/fd` the processes holding
 * them. The run sampler then reads these pids' threads with each sample. A node that cannot be
 * read has no services sampled, never a failed run.
 */

const EXEC_MS = 3_000;

export async function servicePids(transport: NodeTransport, address: string, ports: ReadonlyMap<number, string>): Promise<PidGroups> {
  const groups = new Map<number, string>();
  const tcp = await transport.exec(remoteCommand(['cat', '/proc/net/tcp', '/proc/net/tcp6']), { timeoutMs: EXEC_MS });
  if (!tcp.ok) return groups;
  const inodes = listeningInodes(tcp.value.stdout, address, [...ports.keys()]);
  for (const [port, list] of inodes) {
    const tests = list.flatMap((inode, i) => [...(i > 0 ? ['-o'] : []), '-lname', `socket:\\[${inode}\\]`]);
    const found = await transport.exec(remoteCommand(['find', '/proc', '-mindepth', '3', '-maxdepth', '3', '-path', '/proc/[0-9]*/fd/*', '(', ...tests, ')']), { timeoutMs: 10_000 });
    if (!found.ok) continue;
    for (const pid of pidsOfFdPaths(found.value.stdout)) groups.set(pid, ports.get(port) ?? String(port));
  }
  return groups;
}

/** The ports of a worker's nginx and app, from the profile's URL templates ("http://{address}:8080"). */
export function servicePorts(urls: { readonly nginx: string; readonly app: string }, address: string): Map<number, string> {
  const ports = new Map<number, string>();
  for (const [group, template] of [['nginx', urls.nginx], ['app', urls.app]] as const) {
    try {
      const url = new URL(template.replaceAll('{address}', address));
      ports.set(Number(url.port || (url.protocol === 'https:' ? 443 : 80)), group);
    } catch {
      // A template that is not a URL names no port to find the service by.
    }
  }
  return ports;
}
