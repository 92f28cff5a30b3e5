import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpGet, startLab, type LabHandle } from './support/lab.js';
import type { StatusReport } from '../../src/core/status/status-report.js';

let lab: LabHandle;
beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.11' });
});
afterAll(async () => {
  await lab?.stop();
});

const status = async (...extra: string[]) => {
  const r = await lab.picon(['--profile', 'lab', 'status', '--json', ...extra], { timeoutMs: 30_000 });
  return { ...r, report: JSON.parse(r.stdout) as StatusReport };
};

describe('picon status on the lab', () => {
  it('shows every node reachable and every HAProxy server UP, exit 0', async () => {
    const { code, report } = await status();
    expect(code).toBe(0);
    expect(report.nodes.map((n) => [n.name, n.role, n.reachable])).toEqual([
      ['head', 'head', true],
      ['p1', 'worker', true],
      ['p2', 'worker', true],
      ['p3', 'worker', true],
      ['pi3', 'worker', true],
    ]);
    expect(report.nodes.every((n) => n.uptimeSeconds !== null && n.load !== null)).toBe(true);
    expect(report.haproxy.version).toMatch(/^2\./);
    expect(report.haproxy.servers.map((s) => [s.backend, s.server, s.node, s.status, s.weight])).toEqual([
      ['web', 'p1', 'p1', 'UP', 1],
      ['web', 'p2', 'p2', 'UP', 1],
      ['web', 'p3', 'p3', 'UP', 1],
      ['web', 'pi3', 'pi3', 'UP', 1],
    ]);
  });

  it('shows each node\'s CPU, memory, disk and service states, and why a sensor is missing', async () => {
    const { report } = await status();
    for (const n of report.nodes) {
      expect(n.cpu?.busyPercent).toBeGreaterThanOrEqual(0);
      expect(n.cpu?.busyPercent).toBeLessThanOrEqual(100);
      expect(n.cpu?.cores.length).toBeGreaterThan(0);
      expect(n.memory?.totalBytes).toBeGreaterThan(0);
      expect(n.memory!.usedBytes).toBeLessThanOrEqual(n.memory!.totalBytes);
      expect(n.disk?.usedPercent).toBeGreaterThan(0);
      expect(n.network).not.toBeNull();
      // The lab runs on a machine with no Pi firmware: no throttling value, and a reason for it.
      if (n.throttling === null) expect(n.metricNotes['throttling']).toContain(n.name);
      if (n.temperatureCelsius === null) expect(n.metricNotes['temperature']).toContain(n.name);
    }
    expect(report.nodes.map((n) => [n.name, n.services.map((s) => [s.name, s.running])])).toEqual([
      ['head', [['haproxy', true]]],
      ['p1', [['nginx', true], ['webapp', true]]],
      ['p2', [['nginx', true], ['webapp', true]]],
      ['p3', [['nginx', true], ['webapp', true]]],
      ['pi3', [['nginx', true], ['webapp', true]]],
    ]);
  });

  it('shows traffic through the frontend as requests/s per server and for the frontend', async () => {
    let sending = true;
    let sent = 0;
    const traffic = (async () => {
      const until = Date.now() + 20_000; // bounded even if status hangs
      while (sending && Date.now() < until) {
        await Promise.all(Array.from({ length: 4 }, () => httpGet(lab.status.frontendUrl)));
        sent += 4;
      }
    })();
    try {
      await eventually('traffic through the frontend', () => sent >= 40, 10_000, 20);
      const { report } = await status();
      expect(report.haproxy.rateIntervalMs).toBeGreaterThanOrEqual(250);
      const http = report.haproxy.frontends.find((f) => f.name === 'http');
      expect(http?.requestsPerSecond).toBeGreaterThan(0);
      expect(report.haproxy.backends.map((b) => b.name)).toEqual(['web']);
      expect(report.haproxy.backends[0]?.requestsPerSecond).toBeGreaterThan(0);
      const busy = report.haproxy.servers.filter((s) => (s.requestsPerSecond ?? 0) > 0);
      expect(busy.length).toBeGreaterThanOrEqual(2);
      expect(report.haproxy.servers.every((s) => s.http5xxPerSecond === 0)).toBe(true);
    } finally {
      sending = false;
      await traffic;
    }
  });

  it('shows a stopped nginx as not running, in JSON and in the table', async () => {
    await lab.lab(['stop', 'p1', 'nginx']);
    try {
      const { report } = await status();
      const p1 = report.nodes.find((n) => n.name === 'p1');
      expect(p1?.services.map((s) => [s.name, s.running])).toEqual([['nginx', false], ['webapp', true]]);
      expect(report.nodes.find((n) => n.name === 'p2')?.services.every((s) => s.running === true)).toBe(true);
      const table = await lab.picon(['--profile', 'lab', 'status'], { timeoutMs: 30_000 });
      expect(table.stdout).toMatch(/^p1\s.*nginx STOPPED, webapp running$/m);
      expect(table.stdout).toMatch(/^p2\s.*nginx running, webapp running$/m);
    } finally {
      await lab.lab(['start', 'p1']);
    }
  });

  it('prints a human table by default', async () => {
    const r = await lab.picon(['--profile', 'lab', 'status'], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^p2\s+worker\s+Pi Zero\s+127\.0\.11\.12\s+up/m);
    expect(r.stdout).toMatch(/^web\s+pi3\s+pi3\s+UP\s+(?:\* )?L7OK\s+1\s+0\s+\d+[smhd](?: \d+[smh])?\s+[\d.]+k?$/m);
    expect(r.stdout).toMatch(/^head\s+head\s+lab head\s+127\.0\.11\.1\s+up\s+.*\d+(\.\d)?%\s+[\d.]+ [KMGT]iB\/[\d.]+ [KMGT]iB$/m);
    expect(r.stdout).toMatch(/^head\s+.*haproxy running$/m);
    expect(r.stdout).toMatch(/^  frontend http: \d+(\.\d)? req\/s, \d+ sessions, OPEN$/m);
  });

  it('names an unreachable node and why, still prints the rest, exit 1', async () => {
    await lab.lab(['kill', 'p2', 'sshd']);
    await lab.lab(['freeze', 'p3']);
    try {
      const started = Date.now();
      const { code, report } = await status('--timeout', '3');
      expect(code).toBe(1);
      const byName = new Map(report.nodes.map((n) => [n.name, n]));
      expect(byName.get('p2')).toMatchObject({ reachable: false, errorKind: 'refused' });
      expect(byName.get('p2')?.error).toContain('p2');
      expect(byName.get('p3')).toMatchObject({ reachable: false, errorKind: 'timeout' });
      expect(['head', 'p1', 'pi3'].map((n) => byName.get(n)?.reachable)).toEqual([true, true, true]);
      expect(byName.get('p2')).toMatchObject({ cpu: null, memory: null });
      expect(byName.get('p2')?.services.map((s) => s.running)).toEqual([null, null]);
      expect(byName.get('p1')?.cpu).not.toBeNull();
      expect(report.haproxy.servers).toHaveLength(4);
      // The frozen node costs its own timeout once, not once per node.
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      await lab.lab(['start', 'p2']);
      await lab.lab(['start', 'p3']);
    }
  });

  it('refuses a node whose host key changed, naming the node and the known_hosts line', async () => {
    const file = lab.status.knownHosts;
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const pi3 = lines.findIndex((l) => l.startsWith('[127.0.11.14]:2222'));
    const head = lines.find((l) => l.startsWith('[127.0.11.1]:2222'));
    expect(pi3).toBeGreaterThanOrEqual(0);
    // pi3 now "has" the head's key: the key pi3 really offers no longer matches.
    lines[pi3] = head!.replace('[127.0.11.1]:2222', '[127.0.11.14]:2222');
    writeFileSync(file, lines.join('\n'));
    try {
      const { code, report } = await status();
      expect(code).toBe(1);
      const node = report.nodes.find((n) => n.name === 'pi3');
      expect(node).toMatchObject({ reachable: false, errorKind: 'host-key-changed' });
      expect(node?.error).toMatch(/pi3.*HOST KEY CHANGED/);
    } finally {
      writeFileSync(file, original);
    }
  });
});
