import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from './support/lab.js';
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

  it('prints a human table by default', async () => {
    const r = await lab.picon(['--profile', 'lab', 'status'], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^p2\s+worker\s+Pi Zero\s+127\.0\.11\.12\s+ok/m);
    expect(r.stdout).toMatch(/^web\s+pi3\s+pi3\s+UP\s+L7OK\s+1\s+0/m);
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
