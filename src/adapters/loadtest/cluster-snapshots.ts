import type { NodeThrottle, ServerAtStart } from '../../core/loadtest/cluster-state.js';
import { parseGetThrottled, parseSysfsThrottled } from '../../core/health/raspberry-pi.js';
import { SYSFS, VCGENCMD } from '../../core/health/probe-paths.js';
import { isServing } from '../../core/haproxy/server-status.js';
import { statKey } from '../../core/haproxy/stat-record.js';
import { remoteCommand } from '../../core/remote/shell-quote.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import type { HaproxySnapshot, Snapshot } from './run-load-test.js';

/** The snapshot functions runLoadTest takes, built on the HAProxy client and the nodes' SSH. */

/** Each server's session and 5xx counters, weight and status in the backends of interest, plus the version. */
export function haproxySnapshot(client: HaproxyClient, backends: readonly string[]): () => Promise<Snapshot<HaproxySnapshot>> {
  return async () => {
    const [stats, info] = await Promise.all([client.stats(), client.info()]);
    if (!stats.ok) return { ok: false, reason: `HAProxy: ${stats.error.message}` };
    const counters = new Map<string, number>();
    const errors5xx = new Map<string, number>();
    const servers: ServerAtStart[] = [];
    for (const record of stats.value.records) {
      if (record.type !== 'server' || !backends.includes(record.proxy)) continue;
      const key = statKey(record);
      counters.set(key, record.totalSessions ?? 0);
      if (record.http5xx !== undefined) errors5xx.set(key, record.http5xx);
      servers.push({ server: key, weight: record.weight ?? 0, status: record.status?.raw ?? '?', out: !isServing(record.status) });
    }
    const version = info.ok ? info.value.values[0]?.value.version.text : undefined;
    return { ok: true, value: { counters, errors5xx, cluster: { ...(version !== undefined && { haproxyVersion: version }), servers } } };
  };
}

/** The firmware's throttle bits: the sysfs file, else vcgencmd; "not a Raspberry Pi" otherwise. */
export async function readThrottle(transport: NodeTransport): Promise<NodeThrottle> {
  const node = transport.node;
  const sysfs = await transport.exec(remoteCommand(['cat', SYSFS.throttling]), { timeoutMs: 5_000 });
  if (sysfs.ok && sysfs.value.code === 0) {
    const parsed = parseSysfsThrottled(sysfs.value.stdout);
    return parsed.ok ? { node, raw: parsed.value.raw } : { node, reason: parsed.reason };
  }
  const vc = await transport.exec(remoteCommand([...VCGENCMD.throttling]), { timeoutMs: 5_000 });
  if (vc.ok && vc.value.code === 0) {
    const parsed = parseGetThrottled(vc.value.stdout);
    return parsed.ok ? { node, raw: parsed.value.raw } : { node, reason: parsed.reason };
  }
  if (!vc.ok) return { node, reason: vc.error.message };
  return { node, reason: 'no throttle bits (not a Raspberry Pi)' };
}

export function throttleSnapshot(transports: readonly NodeTransport[]): () => Promise<readonly NodeThrottle[]> {
  return () => Promise.all(transports.map(readThrottle));
}
