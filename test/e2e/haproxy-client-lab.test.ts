import { execFile } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnections } from '../../src/cli/open-connections.js';
import { createHaproxyClient } from '../../src/adapters/haproxy/runtime-client.js';
import type { HaproxyClient } from '../../src/core/ports/haproxy-runtime.js';
import { readProfileFile } from '../../src/adapters/profile/read-profile-file.js';
import type { ClusterConnections } from '../../src/adapters/ssh/cluster-connections.js';
import { checkLastUpGuard } from '../../src/core/haproxy/last-up-guard.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { eventually, httpGet, startLab, type LabHandle } from './support/lab.js';

/**
 * The runtime client over the head's real SSH connection (stream-local forwarding to the admin
 * and master sockets) on the lab at 127.0.5. Every change is checked by reading HAProxy's socket
 * directly with socat, not through picon.
 */

const SUBNET = '127.0.5';
let lab: LabHandle;
let profile: Profile;
let connections: ClusterConnections;

/** `show stat` straight from the admin socket on this machine (the lab head is local). */
function directStat(): Promise<readonly StatRecord[]> {
  return new Promise((resolve, reject) => {
    const child = execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (err, out) => {
      if (err !== null) reject(err);
      else resolve(parseStatCsv(out).records);
    });
    child.stdin?.end('show stat\n');
  });
}

async function direct(key: string): Promise<StatRecord | undefined> {
  return (await directStat()).find((r) => `${r.proxy}/${r.service}` === key);
}

function directCommand(line: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('socat', ['-', `UNIX-CONNECT:${lab.status.adminSocket}`], { timeout: 5000 }, (_e, out) => resolve(out)).stdin?.end(`${line}\n`);
  });
}

function client(options: { master: boolean }): HaproxyClient {
  return createHaproxyClient({
    transport: connections.get(profile.head.name),
    sockets: profile.haproxy.sockets,
    ...(options.master && profile.haproxy.masterSocket !== undefined && { masterSocket: profile.haproxy.masterSocket }),
  });
}

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  const read = await readProfileFile(lab.profilePath, { cwd: process.cwd(), homeDir: os.homedir() });
  if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
  profile = read.profile;
  connections = await openConnections(profile, { env: process.env, reconnect: false });
  await eventually('every lab server UP', async () => {
    const servers = (await directStat()).filter((r) => r.type === 'server' && r.proxy === 'web');
    return servers.length > 1 && servers.every((r) => r.status?.state === 'UP');
  });
});

afterAll(async () => {
  connections?.closeAll();
  await lab?.stop();
});

describe('HAProxy runtime client over SSH on the lab', () => {
  it('reads info and stats through the admin socket and through the master CLI', async () => {
    for (const master of [false, true]) {
      const c = client({ master });
      const info = await c.info();
      if (!info.ok) throw new Error(info.error.message);
      expect(info.value.values[0]?.value.version).toMatchObject({ major: 2, minor: 6 });
      expect(info.value.values[0]?.process).toMatch(master ? /^worker \d+$/ : /admin\.sock$/);
      const stats = await c.stats();
      if (!stats.ok) throw new Error(stats.error.message);
      const web = stats.value.records.filter((r) => r.proxy === 'web' && r.type === 'server');
      expect(web.map((r) => r.service).sort()).toEqual(profile.workers.map((w) => w.name).sort());
      expect(stats.value.problems).toEqual([]);
    }
  });

  it('a drained server gets no new requests through the frontend; ready brings it back', async () => {
    const [first, ...rest] = profile.workers;
    if (first === undefined || rest.length === 0) throw new Error('the lab needs two workers');
    const c = client({ master: true });
    const ref = { backend: 'web', server: first.name };
    expect(await c.setServerState(ref, 'drain')).toMatchObject({ ok: true });
    expect((await direct(`web/${first.name}`))?.status?.state).toBe('DRAIN');
    const before = (await direct(`web/${first.name}`))?.totalSessions ?? 0;
    const answered = new Set<string>();
    for (let i = 0; i < 12; i++) answered.add(String((await httpGet(profile.haproxy.frontendUrl ?? '')).headers['x-node']));
    expect(answered.has(first.name)).toBe(false);
    expect((await direct(`web/${first.name}`))?.totalSessions).toBe(before);
    expect(await c.setServerState(ref, 'ready')).toMatchObject({ ok: true });
    await eventually(`${first.name} answering again`, async () => (await httpGet(profile.haproxy.frontendUrl ?? '')).headers['x-node'] === first.name);
  });

  it('sets a weight, refuses an unknown server with HAProxy\'s words', async () => {
    const c = client({ master: false });
    const ref = { backend: 'web', server: profile.workers[0]?.name ?? '' };
    expect(await c.setServerWeight(ref, 3)).toMatchObject({ ok: true });
    expect((await direct(`web/${ref.server}`))?.weight).toBe(3);
    expect(await c.setServerWeight(ref, 1)).toMatchObject({ ok: true });
    expect((await direct(`web/${ref.server}`))?.weight).toBe(1);
    expect(await c.setServerState({ backend: 'web', server: 'nope' }, 'drain')).toMatchObject({ ok: false, reason: 'No such server.' });
  });

  it('the guard refuses to take the last UP server out, on live stats', async () => {
    const [last, ...others] = profile.workers;
    if (last === undefined) throw new Error('no workers');
    for (const w of others) await directCommand(`set server web/${w.name} state maint`);
    try {
      const stats = await client({ master: true }).stats();
      if (!stats.ok) throw new Error(stats.error.message);
      const verdict = checkLastUpGuard(stats.value.values.map((v) => v.value), { backend: 'web', server: last.name }, { kind: 'maint' });
      expect(verdict).toMatchObject({ allowed: false, reason: expect.stringContaining(`web/${last.name} is the last server taking traffic`) });
    } finally {
      for (const w of others) await directCommand(`set server web/${w.name} state ready`);
    }
  });
});
