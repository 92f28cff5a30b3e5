import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnections } from '../../src/cli/open-connections.js';
import { headHaproxyClient } from '../../src/adapters/haproxy/head-client.js';
import { createSocketChannel } from '../../src/adapters/haproxy/socket-channel.js';
import { readProfileFile } from '../../src/adapters/profile/read-profile-file.js';
import type { ClusterConnections } from '../../src/adapters/ssh/cluster-connections.js';
import type { Profile } from '../../src/core/profile/profile.js';
import type { StatusReport } from '../../src/core/status/status-report.js';
import { startExtraSshd, type ExtraSshd } from './support/extra-sshd.js';
import { allServersUp, haproxyServerStatus, REPO_ROOT, startLab, type LabHandle } from './support/lab.js';

/**
 * The runtime client where the head's sshd refuses stream-local forwarding (as Dropbear does):
 * a second real OpenSSH sshd on the head's address with `AllowStreamLocalForwarding no`, so
 * every runtime-API line goes through `socat` on the head (lab on 127.0.24).
 */

const PORT = 2201;
let lab: LabHandle;
let sshd: ExtraSshd;
let profilePath: string;
let profile: Profile;
let connections: ClusterConnections;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.24' });
  sshd = await startExtraSshd({ lab: lab.status, node: 'head', port: PORT, streamLocalForwarding: false });
  profilePath = await sshd.writeProfile();
  const read = await readProfileFile(profilePath, { cwd: REPO_ROOT, homeDir: os.homedir() });
  if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
  profile = read.profile;
  connections = await openConnections(profile, { env: process.env, reconnect: false });
  await allServersUp(lab.status);
});

afterAll(async () => {
  connections?.closeAll();
  await sshd?.stop();
  await lab?.stop();
});

describe('HAProxy runtime API through socat when forwarding is refused', () => {
  it('the head really refuses forwarding here, and the channel falls back to socat', async () => {
    const transport = connections.get(profile.head.name);
    const forwarded = await transport.openUnixSocket(lab.status.adminSocket, { timeoutMs: 5000 });
    expect(forwarded).toMatchObject({ ok: false, error: { kind: 'channel' } });
    for (const socket of [lab.status.adminSocket, lab.status.masterSocket]) {
      const channel = createSocketChannel(transport, socket);
      const master = socket === lab.status.masterSocket;
      const reply = await channel.send(master ? 'show proc' : 'show info', 5000);
      if (!reply.ok) throw new Error(reply.error.message);
      expect(reply.value).toMatch(master ? /^\d+\s+master\s/m : /^Version: 2\.6/m);
      expect(channel.mode()).toBe('socat');
    }
  });

  it('reads info and stats through the admin socket and through the master CLI', async () => {
    for (const master of [false, true]) {
      const p = master ? profile : { ...profile, haproxy: { ...profile.haproxy, masterSocket: undefined } };
      const client = headHaproxyClient(p as Profile, connections);
      const info = await client.info();
      if (!info.ok) throw new Error(info.error.message);
      expect(info.value.values[0]?.value.version).toMatchObject({ major: 2, minor: 6 });
      expect(info.value.values[0]?.process).toMatch(master ? /^worker \d+$/ : /admin\.sock$/);
      const stats = await client.stats();
      if (!stats.ok) throw new Error(stats.error.message);
      const web = stats.value.records.filter((r) => r.proxy === 'web' && r.type === 'server');
      expect(web.map((r) => r.service).sort()).toEqual(profile.workers.map((w) => w.name).sort());
      expect(stats.value.problems).toEqual([]);
      expect(stats.value.failed).toEqual([]);
    }
  });

  it('drain then ready of p2 lands in HAProxy (read from its admin socket directly)', async () => {
    const client = headHaproxyClient(profile, connections);
    const ref = { backend: 'web', server: 'p2' };
    expect(await client.setServerState(ref, 'drain')).toMatchObject({ ok: true });
    expect((await haproxyServerStatus(lab.status)).p2).toBe('DRAIN');
    expect(await client.setServerState(ref, 'ready')).toMatchObject({ ok: true });
    expect((await haproxyServerStatus(lab.status)).p2).toBe('UP');
  });

  it('`picon status --json` with a profile that reaches the head through this sshd', async () => {
    const r = await lab.picon(['--profile', profilePath, 'status', '--json'], { timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.nodes.find((n) => n.name === 'head')).toMatchObject({ reachable: true, error: null });
    expect(report.haproxy.servers.map((s) => [s.backend, s.server, s.status])).toEqual(
      profile.workers.map((w) => ['web', w.name, 'UP']),
    );
  });
});
