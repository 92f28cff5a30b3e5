import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClusterMonitor, type ClusterMonitor } from '../../src/adapters/monitor/cluster-monitor.js';
import { initialHealth, type NodeHealth } from '../../src/core/health/node-health.js';
import type { HaproxyClient } from '../../src/core/ports/haproxy-runtime.js';
import type { HealthReading, HealthSource } from '../../src/core/ports/health-source.js';
import { fail, type ConnectionStatus, type NodeTransport } from '../../src/core/ports/node-transport.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';

/** The monitor builds nothing: it polls the health sources, client and transports it is given. */

const PROFILE = `
name: lab
head: { name: head, address: 127.0.0.1, haproxy: { sockets: [/run/admin.sock], backends: [web] } }
workers:
  - { name: s1, address: 127.0.0.2 }
  - { name: s2, address: 127.0.0.3 }
`;
const parsed = parseProfile(PROFILE, '/tmp/lab.yaml', '/root');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const profile = parsed.profile;

const haproxy = { info: async () => fail('closed', 'no head'), stats: async () => fail('closed', 'no head') } as unknown as HaproxyClient;

/** One source for many nodes, as a metrics server answering for the fleet in one query. */
function fleetSource(nodes: readonly string[]): HealthSource & { readonly rechecked: string[]; emit(uptime: number): void; stopped: boolean } {
  const listeners = new Set<(r: readonly HealthReading[]) => void>();
  const readings = (uptime: number): HealthReading[] =>
    nodes.map((node) => ({ node, health: { ...initialHealth(node, [], 0), uptimeSeconds: { state: 'ok', value: uptime, at: 0 } } as NodeHealth }));
  const source = {
    nodes,
    rechecked: [] as string[],
    stopped: false,
    poll: async () => readings(1),
    start: () => undefined,
    stop: () => void (source.stopped = true),
    subscribe: (l: (r: readonly HealthReading[]) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    recheckServices: (node: string) => void source.rechecked.push(node),
    emit: (uptime: number) => listeners.forEach((l) => l(readings(uptime))),
  };
  return source;
}

function transport(node: string, status: ConnectionStatus): Pick<NodeTransport, 'node' | 'status' | 'onStatusChange'> & { set(s: ConnectionStatus): void } {
  const listeners = new Set<(s: ConnectionStatus) => void>();
  let current = status;
  return {
    node,
    status: () => current,
    onStatusChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set: (s) => {
      current = s;
      listeners.forEach((l) => l(s));
    },
  };
}

let monitor: ClusterMonitor | undefined;
afterEach(() => monitor?.stop());

describe('cluster monitor over the parts it is given', () => {
  it('one source answering for every node: each reading lands on its node', async () => {
    const source = fleetSource(['head', 's1', 's2']);
    monitor = createClusterMonitor({ profile, haproxy, healthSources: [source], transports: [], clock: () => 5 });
    monitor.start();
    source.emit(42);
    await vi.waitFor(() => expect(monitor?.getState().nodes.map((n) => n.health.uptimeSeconds)).toEqual([
      { state: 'ok', value: 42, at: 0 }, { state: 'ok', value: 42, at: 0 }, { state: 'ok', value: 42, at: 0 },
    ]));
  });

  it('a service recheck goes to the source that holds the node, and to no other', () => {
    const a = fleetSource(['head']);
    const b = fleetSource(['s1', 's2']);
    monitor = createClusterMonitor({ profile, haproxy, healthSources: [a, b], transports: [] });
    monitor.recheckServices('s2');
    expect([a.rechecked, b.rechecked]).toEqual([[], ['s2']]);
  });

  it('a connection already up when the monitor starts shows up, and later changes follow', async () => {
    const head = transport('head', { state: 'up', since: 3, attempts: 0, server: 'OpenSSH_9.2p1' });
    const s1 = transport('s1', { state: 'connecting', since: 1, attempts: 0 });
    monitor = createClusterMonitor({ profile, haproxy, healthSources: [], transports: [head, s1] });
    monitor.start();
    s1.set({ state: 'down', since: 4, attempts: 1, error: { kind: 'refused', message: 's1: connection refused' } });
    await vi.waitFor(() => {
      const byName = new Map(monitor?.getState().nodes.map((n) => [n.spec.name, n.connection.state]));
      expect([byName.get('head'), byName.get('s1'), byName.get('s2')]).toEqual(['up', 'down', 'connecting']);
    });
  });

  it('stop() stops every source and then closes what it was given to close', () => {
    const source = fleetSource(['head', 's1', 's2']);
    const close = vi.fn(() => expect(source.stopped).toBe(true));
    const m = createClusterMonitor({ profile, haproxy, healthSources: [source], transports: [], close });
    m.start();
    m.stop();
    expect(close).toHaveBeenCalledOnce();
  });
});
