import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHaproxyClient } from '../../src/adapters/haproxy/runtime-client.js';
import { checkLastUpGuard } from '../../src/core/haproxy/last-up-guard.js';
import { parseStatCsv } from '../../src/core/haproxy/stat-csv.js';
import { statRates } from '../../src/core/haproxy/stat-rates.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import { fail, ok, type NodeTransport, type Outcome } from '../../src/core/ports/node-transport.js';

/**
 * The runtime client against real HAProxy 2.6 processes on 127.0.5.x, without SSH: a fake
 * transport whose openUnixSocket is net.connect to the local socket and whose exec runs the
 * command in a local shell (so the socat fallback runs the real socat).
 */

const HAPROXY = '/usr/sbin/haproxy';
const dir = mkdtempSync(join(tmpdir(), 'picon-haproxy-e2e-'));
const children: ChildProcess[] = [];
let haproxyStderr = '';
const servers: http.Server[] = [];
const sock = (name: string) => join(dir, name);

async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function backendServer(host: string): Promise<number> {
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/err' ? 500 : 200;
    res.end('ok\n');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  return (server.address() as net.AddressInfo).port;
}

/** Sends one line to a local socket directly: how the tests check what HAProxy now holds. */
function direct(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(path, () => s.write(`${line}\n`));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function directRow(path: string, key: string): Promise<StatRecord | undefined> {
  return parseStatCsv(await direct(path, 'show stat')).records.find((r) => `${r.proxy}/${r.service}` === key);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; HAProxy said: ${haproxyStderr.slice(-500)}`);
}

function fakeTransport(options: { refuseForward?: boolean } = {}): NodeTransport & { execs: string[] } {
  const execs: string[] = [];
  return {
    node: 'head',
    execs,
    status: () => ({ state: 'up', since: 0, attempts: 0 }),
    ready: async () => ok(undefined),
    async openUnixSocket(path) {
      if (options.refuseForward === true) return fail('channel', `head: unix socket ${path} refused: administratively prohibited`);
      return new Promise<Outcome<net.Socket>>((resolve) => {
        const s = net.connect(path);
        s.once('connect', () => resolve(ok(s)));
        s.once('error', (err) => resolve(fail('channel', `head: unix socket ${path} refused: ${err.message}`)));
      });
    },
    async exec(command, execOptions = {}) {
      execs.push(command.text);
      return new Promise((resolve) => {
        const child = spawn('sh', ['-c', command.text], { stdio: 'pipe' });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code, signal) => resolve(ok({ code, signal, stdout, stderr })));
        // socat exits at once on a missing socket, closing its stdin first: EPIPE is no test failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(execOptions.stdin ?? '');
      });
    },
    files: async () => fail('channel', 'not in this test'),
    onStatusChange: () => () => undefined,
    close: () => undefined,
  };
}

function startHaproxy(name: string, config: string, master: boolean): void {
  const cfg = join(dir, `${name}.cfg`);
  writeFileSync(cfg, config);
  const args = master ? ['-W', '-S', sock(`${name}-master.sock`), '-f', cfg] : ['-f', cfg];
  const child = spawn(HAPROXY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (c: Buffer) => (haproxyStderr += c.toString()));
  children.push(child);
}

let frontendPort = 0;

beforeAll(async () => {
  const up1 = await backendServer('127.0.5.2');
  const up2 = await backendServer('127.0.5.3');
  const nobody = await freePort('127.0.5.4');
  frontendPort = await freePort('127.0.5.1');
  const otherFrontend = await freePort('127.0.5.1');
  const config = (admin: string, port: number) =>
    [
      'global',
      `    stats socket ${sock(admin)} mode 600 level admin`,
      `    stats socket ${sock(`${admin}-user`)} mode 600 level user`,
      'defaults',
      '    mode http',
      '    timeout connect 1s',
      '    timeout client 5s',
      '    timeout server 5s',
      'frontend http',
      `    bind 127.0.5.1:${port}`,
      '    default_backend web',
      'backend web',
      '    option httpchk GET /',
      '    default-server inter 200ms fall 2 rise 1',
      `    server s1 127.0.5.2:${up1} check`,
      `    server s2 127.0.5.3:${up2} check`,
      `    server s3 127.0.5.4:${nobody} check`,
      '',
    ].join('\n');
  startHaproxy('a', config('a.sock', frontendPort), true);
  startHaproxy('b', config('b.sock', otherFrontend), false);
  for (const path of ['a.sock', 'b.sock']) {
    await waitFor(`${path} with s1 and s2 UP and s3 DOWN`, async () => {
      const rows = parseStatCsv(await direct(sock(path), 'show stat')).records;
      const state = (s: string) => rows.find((r) => r.service === s)?.status?.state;
      return state('s1') === 'UP' && state('s2') === 'UP' && state('s3') === 'DOWN';
    });
  }
  await waitFor('the master socket', async () => existsSync(sock('a-master.sock')));
});

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe('HAProxy runtime client against real HAProxy 2.6 (local sockets, no SSH)', () => {
  it('reads show info and show stat over a forwarded socket', async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock')] });
    const info = await client.info();
    if (!info.ok) throw new Error(info.error.message);
    expect(info.value.values[0]?.value.version).toMatchObject({ major: 2, minor: 6 });
    const stats = await client.stats();
    if (!stats.ok) throw new Error(stats.error.message);
    expect(stats.value.problems).toEqual([]);
    const s3 = stats.value.records.find((r) => r.service === 's3');
    expect(s3).toMatchObject({ status: { state: 'DOWN' }, checkStatus: 'L4CON', processes: 1, mismatches: [] });
  });

  it('sees traffic through the frontend as request rates', async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock')] });
    const before = await client.stats();
    for (let i = 0; i < 20; i++) await fetch(`http://127.0.5.1:${frontendPort}/${i % 4 === 0 ? 'err' : ''}`).then((r) => r.text());
    const after = await client.stats();
    if (!before.ok || !after.ok) throw new Error('stats failed');
    const rates = statRates({ atMs: before.value.atMs, records: before.value.records }, { atMs: after.value.atMs, records: after.value.records });
    expect(rates.get('http/FRONTEND')?.requestsPerSecond).toBeGreaterThan(0);
    expect(rates.get('http/FRONTEND')?.http5xxPerSecond).toBeGreaterThan(0);
    expect((rates.get('web/s1')?.requestsPerSecond ?? 0) + (rates.get('web/s2')?.requestsPerSecond ?? 0)).toBeGreaterThan(0);
  });

  it('drains, sets a weight and puts a server back; HAProxy holds each change', async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock')] });
    const s1 = { backend: 'web', server: 's1' };
    expect(await client.setServerState(s1, 'drain')).toMatchObject({ ok: true, replies: [{ line: 'set server web/s1 state drain', ok: true }] });
    expect((await directRow(sock('a.sock'), 'web/s1'))?.status?.state).toBe('DRAIN');
    expect((await client.setServerWeight(s1, 3)).ok).toBe(true);
    expect((await directRow(sock('a.sock'), 'web/s1'))?.weight).toBe(3);
    expect((await client.setServerState(s1, 'ready')).ok).toBe(true);
    expect((await client.setServerWeight(s1, 1)).ok).toBe(true);
    expect(await directRow(sock('a.sock'), 'web/s1')).toMatchObject({ status: { state: 'UP' }, weight: 1 });
  });

  it("reports HAProxy's refusal as the reason, and refuses a bad weight without sending it", async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock')] });
    expect(await client.setServerState({ backend: 'web', server: 'nope' }, 'drain')).toMatchObject({ ok: false, reason: 'No such server.' });
    expect(await client.setServerWeight({ backend: 'web', server: 's1' }, 300)).toEqual({ ok: false, reason: 'weight 300 is outside 0..256', replies: [] });
    const user = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock-user')] });
    expect(await user.setServerState({ backend: 'web', server: 's1' }, 'maint')).toMatchObject({ ok: false, reason: 'Permission denied' });
  });

  it('reaches the workers through the master CLI', async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock')], masterSocket: sock('a-master.sock') });
    const info = await client.info();
    if (!info.ok) throw new Error(info.error.message);
    expect(info.value.values).toHaveLength(1);
    expect(info.value.values[0]?.process).toMatch(/^worker \d+$/);
    const result = await client.setServerState({ backend: 'web', server: 's2' }, 'maint');
    expect(result).toMatchObject({ ok: true, replies: [{ line: expect.stringMatching(/^@!\d+ set server web\/s2 state maint$/) }] });
    expect((await directRow(sock('a.sock'), 'web/s2'))?.status?.state).toBe('MAINT');
    expect((await client.setServerState({ backend: 'web', server: 's2' }, 'ready')).ok).toBe(true);
    expect((await directRow(sock('a.sock'), 'web/s2'))?.status?.state).not.toBe('MAINT');
  });

  it('aggregates two processes, reports a weight mismatch and acts on both', async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock'), sock('b.sock')] });
    await direct(sock('b.sock'), 'set server web/s2 weight 3');
    const stats = await client.stats();
    if (!stats.ok) throw new Error(stats.error.message);
    const s2 = stats.value.records.find((r) => r.service === 's2');
    expect(s2?.processes).toBe(2);
    expect(s2?.mismatches).toEqual([
      { field: 'weight', values: [{ process: sock('a.sock'), value: '1' }, { process: sock('b.sock'), value: '3' }] },
    ]);
    const result = await client.setServerWeight({ backend: 'web', server: 's2' }, 1);
    expect(result.ok && result.replies.map((r) => r.process)).toEqual([sock('a.sock'), sock('b.sock')]);
    expect((await directRow(sock('b.sock'), 'web/s2'))?.weight).toBe(1);
  });

  it('falls back to socat where stream-local forwarding is refused', async () => {
    const transport = fakeTransport({ refuseForward: true });
    const client = createHaproxyClient({ transport, sockets: [sock('a.sock')] });
    const stats = await client.stats();
    if (!stats.ok) throw new Error(stats.error.message);
    expect(stats.value.records.length).toBeGreaterThan(3);
    expect(transport.execs[0]).toBe(`'socat' '-t' '5' 'stdio' 'UNIX-CONNECT:${sock('a.sock')}'`);
    expect((await client.setServerState({ backend: 'web', server: 'nope' }, 'ready'))).toMatchObject({ ok: false, reason: 'No such server.' });
  });

  it('says so when the socket is missing, and times out on a socket that never answers', async () => {
    const missing = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('gone.sock')] });
    const info = await missing.info();
    expect(info.ok).toBe(false);
    if (!info.ok) expect(info.error.message).toMatch(/gone\.sock: no such socket \(is HAProxy running\?\)/);
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(sock('silent.sock'), resolve));
    try {
      const stuck = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('silent.sock')], timeoutMs: 300 });
      const started = Date.now();
      const result = await stuck.stats();
      expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.close();
    }
  });

  it('the last-UP guard refuses on live stats once the other servers are out', async () => {
    const client = createHaproxyClient({ transport: fakeTransport(), sockets: [sock('a.sock')] });
    await direct(sock('a.sock'), 'set server web/s2 state maint');
    try {
      const stats = await client.stats();
      if (!stats.ok) throw new Error(stats.error.message);
      const verdict = checkLastUpGuard(stats.value.values.map((v) => v.value), { backend: 'web', server: 's1' }, { kind: 'drain' });
      expect(verdict).toMatchObject({ allowed: false, reason: expect.stringContaining('web/s1 is the last server taking traffic') });
    } finally {
      await direct(sock('a.sock'), 'set server web/s2 state ready');
    }
  });
});
