import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnections } from '../../src/cli/open-connections.js';
import { createNodeProber, type NodeProber } from '../../src/adapters/health/node-prober.js';
import { readProfileFile } from '../../src/adapters/profile/read-profile-file.js';
import type { ClusterConnections } from '../../src/adapters/ssh/cluster-connections.js';
import type { NodeHealth } from '../../src/core/health/node-health.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { REPO_ROOT, startLab, type LabHandle } from './support/lab.js';

/** Node health read from every lab node over its real SSH connection (lab on 127.0.6). */

let lab: LabHandle;
let profile: Profile;
let connections: ClusterConnections;
const probers = new Map<string, NodeProber>();

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.6' });
  const read = await readProfileFile(lab.profilePath, { cwd: REPO_ROOT, homeDir: os.homedir() });
  if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
  profile = read.profile;
  connections = await openConnections(profile, { env: process.env, reconnect: false });
  for (const node of profile.nodes) {
    // slowIntervalMs 0: service checks on every poll, so a test sees a change at its next poll.
    probers.set(node.name, createNodeProber({ node, transport: connections.get(node.name), slowIntervalMs: 0 }));
  }
});

afterAll(async () => {
  for (const p of probers.values()) p.stop();
  connections?.closeAll();
  await lab?.stop();
});

const prober = (name: string): NodeProber => {
  const p = probers.get(name);
  if (p === undefined) throw new Error(`no prober for ${name}`);
  return p;
};

async function twoPolls(name: string): Promise<NodeHealth> {
  const p = prober(name);
  const first = await p.poll();
  // CPU % needs the kernel's tick counters to move between the two samples.
  const ticked = Date.now() + 200;
  while (Date.now() < ticked) await new Promise((resolve) => setTimeout(resolve, 20));
  return first.cpu.state === 'ok' ? first : p.poll();
}

describe('node health on the lab', () => {
  it('every node: CPU, load, memory, disk, network, uptime; the workers\' Pi sensors; the head has none: unknown, not an error', async () => {
    const all = await Promise.all(profile.nodes.map((n) => twoPolls(n.name)));
    for (const h of all) {
      expect(h.cpu.state, `${h.node} cpu`).toBe('ok');
      const cpu = h.cpu.state === 'ok' ? h.cpu.value : undefined;
      expect(cpu?.busyPercent).toBeGreaterThanOrEqual(0);
      expect(cpu?.busyPercent).toBeLessThanOrEqual(100);
      expect(cpu?.cores).toHaveLength(os.cpus().length);
      expect(h.load).toMatchObject({ state: 'ok', value: { load1: expect.any(Number) } });
      const memory = h.memory.state === 'ok' ? h.memory.value : undefined;
      expect(memory?.totalBytes).toBe(os.totalmem());
      expect(memory?.usedBytes).toBeGreaterThan(0);
      expect(h.disk).toMatchObject({ state: 'ok', value: { totalBytes: expect.any(Number) } });
      expect(h.network.state, `${h.node} network`).toBe('ok');
      const uptime = h.uptimeSeconds.state === 'ok' ? h.uptimeSeconds.value : 0;
      expect(Math.abs(uptime - os.uptime())).toBeLessThan(5);
      // The lab's workers have Pi sensor files at a Pi's paths (docs/lab.md); the head has none.
      if (h.node === 'head') expect(h.temperature).toMatchObject({ state: 'unknown' });
      else expect(h.temperature, `${h.node} temperature`).toMatchObject({ state: 'ok' });
      expect(h.board).toEqual({ state: 'unknown', reason: `${h.node} has no /proc/device-tree/model` });
    }
  });

  it('every node: the state of each configured service', async () => {
    const all = await Promise.all(profile.nodes.map((n) => prober(n.name).poll()));
    for (const h of all) {
      const node = profile.nodes.find((n) => n.name === h.node);
      expect(h.services.map((s) => s.name)).toEqual(node?.services);
      for (const s of h.services) expect(s.state, `${h.node} ${s.name}`).toMatchObject({ state: 'ok', value: { running: true } });
    }
  });

  it('a stopped service shows as not running, and running again once started', async () => {
    expect((await lab.lab(['stop', 'p1', 'nginx'])).code).toBe(0);
    try {
      const stopped = await prober('p1').poll();
      expect(stopped.services.find((s) => s.name === 'nginx')?.state).toMatchObject({ state: 'ok', value: { running: false } });
      expect(stopped.services.find((s) => s.name === 'webapp')?.state).toMatchObject({ state: 'ok', value: { running: true } });
    } finally {
      expect((await lab.lab(['start', 'p1', 'nginx'])).code).toBe(0);
    }
    const started = await prober('p1').poll();
    expect(started.services.find((s) => s.name === 'nginx')?.state).toMatchObject({ state: 'ok', value: { running: true } });
  });

  it('steady state re-reads the files on open handles: one read per file (OpenSSH answers a short read at the end), plus statvfs', async () => {
    // /proc/stat, loadavg, meminfo, net/dev, uptime; a worker also its three Pi sensor files
    // (temperature, clock, throttling; the maximum clock is read once). The head has no sensors.
    for (const [name, filesPerPoll] of [['head', 5], ['p2', 8]] as const) {
      const p = prober(name);
      await p.poll();
      await p.poll();
      const before = p.stats();
      await p.poll();
      const after = p.stats();
      expect(after.sftpRequests - before.sftpRequests, name).toBe(filesPerPoll + 1);
    }
  });
});
