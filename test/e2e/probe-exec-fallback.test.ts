import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnections } from '../../src/cli/open-connections.js';
import { createNodeProber, type NodeProber } from '../../src/adapters/health/node-prober.js';
import type { ClusterConnections } from '../../src/adapters/ssh/cluster-connections.js';
import type { NodeHealth } from '../../src/core/health/node-health.js';
import type { Profile } from '../../src/core/profile/profile.js';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { startExtraSshd, type ExtraSshd } from './support/extra-sshd.js';
import { profileAt, startLab, type LabHandle } from './support/lab.js';

/**
 * Node health from a node whose sshd has no SFTP subsystem (no `Subsystem sftp` line, as on
 * minimal images): a second real OpenSSH sshd on p1's address, next to the lab's own (lab on
 * 127.0.25). The prober reads the same metrics with one exec per poll and says so.
 */

const PORT = 2201;
let lab: LabHandle;
let sshd: ExtraSshd;
let viaLab: ClusterConnections;
let viaNoSftp: ClusterConnections;
let node: Profile['nodes'][number];
let noSftpPath = '';
const probers: NodeProber[] = [];

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.25' });
  sshd = await startExtraSshd({ lab: lab.status, node: 'p1', port: PORT, sftp: false });
  const labProfile = await profileAt(lab.profilePath);
  noSftpPath = await sshd.writeProfile();
  const noSftpProfile = await profileAt(noSftpPath);
  viaLab = await openConnections(labProfile, { env: process.env, reconnect: false });
  viaNoSftp = await openConnections(noSftpProfile, { env: process.env, reconnect: false });
  const p1 = labProfile.nodes.find((n) => n.name === 'p1');
  if (p1 === undefined) throw new Error('the lab has no p1');
  node = p1;
});

afterAll(async () => {
  for (const p of probers) p.stop();
  viaLab?.closeAll();
  viaNoSftp?.closeAll();
  await sshd?.stop();
  await lab?.stop();
});

function prober(connections: ClusterConnections): NodeProber {
  const p = createNodeProber({ node, transport: connections.get('p1') });
  probers.push(p);
  return p;
}

/** Polls until CPU use is known (it needs the kernel's tick counters to move between samples). */
async function withCpu(p: NodeProber): Promise<NodeHealth> {
  let h = await p.poll();
  const deadline = Date.now() + 10_000;
  while (h.cpu.state !== 'ok' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    h = await p.poll();
  }
  return h;
}

describe('node health where the sshd has no SFTP subsystem', () => {
  it('the node really refuses SFTP on this sshd', async () => {
    const sftp = await viaNoSftp.get('p1').files();
    expect(sftp).toMatchObject({ ok: false, error: { kind: 'channel', message: 'p1: SFTP refused: Unable to start subsystem: sftp' } });
  });

  it('CPU, load, memory, disk, network and uptime, as through the lab sshd, with one exec per poll', async () => {
    const exec = prober(viaNoSftp);
    const sftp = prober(viaLab);
    const [a, b] = await Promise.all([withCpu(exec), withCpu(sftp)]);
    expect(exec.stats()).toMatchObject({ mode: 'exec', sftpRequests: 0 });
    // One exec per poll, plus one for the service check, which runs on the first poll (then every 15 s).
    expect(exec.stats().execs).toBe(exec.stats().polls + (node.services.length > 0 ? 1 : 0));
    expect(sftp.stats()).toMatchObject({ mode: 'sftp' });

    for (const h of [a, b]) {
      expect(h.cpu.state, `${h.node} cpu`).toBe('ok');
      expect(h.load).toMatchObject({ state: 'ok', value: { load1: expect.any(Number) } });
      expect(h.network.state).toBe('ok');
      expect(h.board).toMatchObject({ state: 'unknown', reason: expect.stringContaining('p1 has no /proc/device-tree/model') });
    }
    // The test's own sshd runs outside p1's sensor namespace (docs/lab.md): no sensors through it; the lab's sshd has them.
    expect(a.temperature.state).toBe('unknown');
    expect(b.temperature.state).toBe('ok');
    const value = <T>(m: { state: string; value?: T }): T | undefined => (m.state === 'ok' ? m.value : undefined);
    expect(value(a.cpu)?.cores).toHaveLength(os.cpus().length);
    expect(value(a.cpu)?.cores).toHaveLength(value(b.cpu)?.cores.length ?? -1);
    expect(value(a.memory)?.totalBytes).toBe(os.totalmem());
    expect(value(a.memory)?.totalBytes).toBe(value(b.memory)?.totalBytes);
    // Same file system: df's 1024-byte blocks give statvfs's size exactly; the use moves a little.
    expect(value(a.disk)?.totalBytes).toBe(value(b.disk)?.totalBytes);
    expect(Math.abs((value(a.disk)?.usedPercent ?? -1) - (value(b.disk)?.usedPercent ?? 1000))).toBeLessThan(1);
    expect(Math.abs((value(a.uptimeSeconds) ?? 0) - os.uptime())).toBeLessThan(5);
    expect(value(a.network)?.interfaces.map((i) => i.name).sort()).toEqual(value(b.network)?.interfaces.map((i) => i.name).sort());
    expect(a.services.map((s) => [s.name, s.state.state === 'ok' && s.state.value.running])).toEqual(node.services.map((s) => [s, true]));
  });

  it('`picon status` reaches that node too, with its load and CPU (read over exec), not "SFTP refused"', async () => {
    const r = await lab.picon(['--profile', noSftpPath, 'status', '--json'], { timeoutMs: 30_000 });
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.nodes.find((n) => n.name === 'p1')).toMatchObject({ reachable: true, error: null, load: expect.any(Array), cpu: { busyPercent: expect.any(Number) } });
  });
});
