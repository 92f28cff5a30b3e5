import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnections } from '../../src/cli/open-connections.js';
import type { ClusterMonitor } from '../../src/adapters/monitor/cluster-monitor.js';
import { monitorOver } from '../../src/cli/monitor-wiring.js';
import { readProfileFile } from '../../src/adapters/profile/read-profile-file.js';
import type { ClusterState } from '../../src/core/cluster/cluster-state.js';
import { valueOf } from '../../src/core/health/metric.js';
import { eventually, httpGet, startLab, type LabHandle } from './support/lab.js';

let lab: LabHandle;
let monitor: ClusterMonitor;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.15' });
  const read = await readProfileFile(lab.profilePath, { cwd: process.cwd(), homeDir: os.homedir() });
  if (!read.ok) throw new Error('lab profile does not load');
  const profile = read.profile;
  const connections = await openConnections(profile, { env: process.env, reconnect: true, connectTimeoutMs: 3000 });
  monitor = monitorOver(profile, connections, { intervalMs: 500 });
  monitor.start();
});
afterAll(async () => {
  monitor?.stop();
  await lab?.stop();
});

const node = (s: ClusterState, name: string) => s.nodes.find((n) => n.spec.name === name)!;

describe('the cluster monitor on the lab', () => {
  it('fills every node and every HAProxy server from real polls', async () => {
    const s = await eventually('every node has CPU and HAProxy has servers', () => {
      const st = monitor.getState();
      return st.nodes.every((n) => n.health.cpu.state === 'ok') && st.haproxy.servers.length === 4 ? st : undefined;
    });
    expect(s.nodes.every((n) => n.connection.state === 'up')).toBe(true);
    expect(s.haproxy.version).toMatch(/^2\./);
    expect(s.haproxy.servers.map((r) => [r.node, r.record.status?.state])).toEqual([
      ['p1', 'UP'], ['p2', 'UP'], ['p3', 'UP'], ['pi3', 'UP'],
    ]);
    const p1 = node(s, 'p1').health;
    expect(valueOf(p1.memory)?.totalBytes).toBeGreaterThan(0);
    expect(p1.services.map((x) => x.name)).toEqual(['nginx', 'webapp']);
  });

  it('shows traffic through the frontend as cluster and per-server requests/s', async () => {
    const until = Date.now() + 2500;
    let sent = 0;
    while (Date.now() < until) {
      await Promise.all(Array.from({ length: 8 }, () => httpGet(lab.status.frontendUrl)));
      sent += 8;
    }
    expect(sent).toBeGreaterThan(16);
    const s = await eventually('a non-zero cluster rate', () => {
      const st = monitor.getState();
      return (st.throughput.at(-1)?.requestsPerSecond ?? 0) > 0 ? st : undefined;
    });
    expect(s.haproxy.servers.filter((r) => (r.rates?.requestsPerSecond ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('marks a node whose sshd died as down with the reason, keeps the rest live, and reconnects', async () => {
    await lab.lab(['kill', 'p2', 'sshd']);
    // Established sessions die with the listener only when sshd's children go too: kill closes both.
    const down = await eventually('p2 down', () => {
      const st = monitor.getState();
      return node(st, 'p2').connection.state === 'down' ? st : undefined;
    }, 20_000);
    expect(node(down, 'p2').connection.error?.message).toContain('p2');
    const before = node(down, 'p1').health.at;
    await eventually('p1 still polled', () => node(monitor.getState(), 'p1').health.at > before);
    await lab.lab(['start', 'p2']);
    const back = await eventually('p2 reconnected', () => {
      const st = monitor.getState();
      return node(st, 'p2').connection.state === 'up' ? st : undefined;
    }, 40_000);
    expect(back.events.map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^lost p2/), 'reconnected to p2']));
  });

  it('finds a frozen node through keepalives within about 10 s, and recovers when it thaws', async () => {
    await eventually('p3 up', () => node(monitor.getState(), 'p3').connection.state === 'up', 20_000);
    await lab.lab(['freeze', 'p3']);
    const frozenAt = Date.now();
    try {
      const down = await eventually('p3 down', () => {
        const st = monitor.getState();
        return node(st, 'p3').connection.state === 'down' ? st : undefined;
      }, 20_000);
      expect(Date.now() - frozenAt).toBeLessThan(12_000);
      expect(node(down, 'p3').connection.error?.message).toMatch(/p3/);
      // Its numbers are kept but marked stale, never shown as live.
      await eventually('p3 CPU stale', () => node(monitor.getState(), 'p3').health.cpu.state === 'stale', 15_000);
      expect(node(monitor.getState(), 'p1').connection.state).toBe('up');
    } finally {
      await lab.lab(['start', 'p3']);
    }
    await eventually('p3 reconnected', () => node(monitor.getState(), 'p3').connection.state === 'up', 40_000);
  });

  it('after recheckServices a stopped and a restarted service show within seconds, not the 15 s of the slow interval', async () => {
    const nginx = (): boolean | undefined => {
      const state = node(monitor.getState(), 'p1').health.services.find((x) => x.name === 'nginx')?.state;
      return state?.state === 'ok' ? state.value.running : undefined;
    };
    await eventually('p1 nginx running', () => nginx() === true, 20_000);
    // Let a service check run, so the next one is a full 15 s away.
    await new Promise((r) => setTimeout(r, 1500));
    await lab.lab(['stop', 'p1', 'nginx']);
    try {
      const asked = Date.now();
      monitor.recheckServices('p1');
      // The next check would otherwise be 13.5 s away; 6 s leaves room for a busy machine.
      await eventually('p1 nginx stopped', () => nginx() === false, 8_000, 50);
      expect(Date.now() - asked).toBeLessThan(6_000);
    } finally {
      await lab.lab(['start', 'p1', 'nginx']);
    }
    const asked = Date.now();
    monitor.recheckServices('p1');
    await eventually('p1 nginx running again', () => nginx() === true, 8_000, 50);
    expect(Date.now() - asked).toBeLessThan(6_000);
  });
});
