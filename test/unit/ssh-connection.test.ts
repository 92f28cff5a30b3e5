import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { IdentityStore } from '../../src/adapters/ssh/identity.js';
import { SshConnection, type HostKeyCheck } from '../../src/adapters/ssh/ssh-connection.js';
import type { RemoteError } from '../../src/core/ports/node-transport.js';
import { remoteCommand } from '../../src/core/remote/shell-quote.js';
import { generateKeyPair } from '../support/ssh-keys.js';
import { startTestSshServer, type ExecCall, type TestSshServer } from '../support/ssh-test-server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function pinnedKey(publicSsh: string): HostKeyCheck {
  const parsed = utils.parseKey(publicSsh);
  if (parsed instanceof Error) throw parsed;
  const expected = (Array.isArray(parsed) ? parsed[0] : parsed)!.getPublicSSH();
  let refusal: RemoteError | undefined;
  return {
    verifier: (key, verify) => {
      const accept = Buffer.compare(key, expected) === 0;
      if (!accept) refusal = { kind: 'host-key-changed', message: 'test: host key changed' };
      verify(accept);
    },
    lastRefusal: () => refusal,
  };
}

async function setup(handle: (call: ExecCall) => void, opts: { reconnect?: boolean; maxSessions?: number; hostKey?: string } = {}) {
  const server = await startTestSshServer(handle);
  cleanups.push(() => server.close());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-ssh-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const keyFile = path.join(dir, 'id');
  writeFileSync(keyFile, server.clientKey.private, { mode: 0o600 });
  const conn = new SshConnection({
    settings: { node: 'n1', host: '127.0.0.1', port: server.port, user: 'tester', identityFiles: [keyFile], knownHostsName: '127.0.0.1' },
    hostKeyCheck: () => pinnedKey(opts.hostKey ?? server.hostKey.publicSsh),
    identities: new IdentityStore(),
    reconnect: opts.reconnect ?? false,
    keepaliveIntervalMs: 500,
    connectTimeoutMs: 3000,
    ...(opts.maxSessions !== undefined && { maxSessions: opts.maxSessions }),
  });
  cleanups.push(() => conn.close());
  return { server, conn };
}

const echo = (call: ExecCall) => {
  call.write(`ran: ${call.command}\n`, 'warn\n');
  call.exit(call.command.includes('fail') ? 3 : 0);
};

describe('SshConnection against an in-process SSH server', () => {
  it('runs a command and returns its output, stderr and exit code', async () => {
    const { conn } = await setup(echo);
    const r = await conn.exec(remoteCommand(['echo', "it's"]));
    expect(r).toEqual({ ok: true, value: { code: 0, signal: null, stdout: `ran: 'echo' 'it'\\''s'\n`, stderr: 'warn\n' } });
    const failed = await conn.exec(remoteCommand(['fail']));
    expect(failed.ok && failed.value.code).toBe(3);
    expect(conn.status().state).toBe('up');
  });

  it('never opens more than the session limit at once, and every command still completes', async () => {
    const pending: ExecCall[] = [];
    const { server, conn } = await setup((call) => {
      pending.push(call);
      setTimeout(() => {
        call.write('x');
        call.exit(0);
      }, 30);
    });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => conn.exec(remoteCommand(['n', String(i)]))));
    expect(results.filter((r) => !(r.ok && r.value.code === 0))).toEqual([]);
    expect(server.stats.maxOpen).toBeLessThanOrEqual(8);
    expect(server.stats.maxOpen).toBeGreaterThan(1);
    await expect.poll(() => server.stats.open).toBe(0);
  });

  it('one channel at a time (old Dropbear): a lock holder gives its slot back once it has printed, so the commands it guards run', async () => {
    let holder: ExecCall | undefined;
    const ran: string[] = [];
    const { conn } = await setup((call) => {
      ran.push(call.command);
      if (call.command.includes('hold')) holder = call;
      else {
        call.write('done\n');
        call.exit(0);
      }
    }, { maxSessions: 1 });
    const release = new AbortController();
    const held = conn.exec(remoteCommand(['hold']), { holdStdinUntil: release.signal, releaseSlotOnOutput: true, timeoutMs: 10_000 });
    const other = conn.exec(remoteCommand(['other']));
    await expect.poll(() => holder !== undefined).toBe(true);
    // Before the holder has printed, the one slot is still its own.
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toEqual(["'hold'"]);
    holder!.write('HELD\n');
    const r = await other;
    expect(r.ok && r.value.stdout).toBe('done\n');
    release.abort();
    holder!.exit(0);
    expect((await held).ok).toBe(true);
  });

  it('times out a command that never ends and closes its channel', async () => {
    let call: ExecCall | undefined;
    const { server, conn } = await setup((c) => (call = c));
    const r = await conn.exec(remoteCommand(['sleep', 'forever']), { timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('timeout');
    expect(!r.ok && r.error.message).toContain('n1');
    await call!.closed;
    await expect.poll(() => server.stats.open).toBe(0);
  });

  it('refuses a server whose host key does not match, with the verifier\'s reason', async () => {
    const other = generateKeyPair('ed25519');
    const { conn } = await setup(echo, { hostKey: other.public });
    const r = await conn.ready(5000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('host-key-changed');
    const e = await conn.exec(remoteCommand(['true']));
    expect(!e.ok && e.error.kind).toBe('host-key-changed');
  });

  it('reports a refused connection and reconnects when the server comes back', async () => {
    const probe = await startTestSshServer(echo);
    const port = probe.port;
    await probe.close();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-ssh-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const keyFile = path.join(dir, 'id');
    writeFileSync(keyFile, probe.clientKey.private);
    let server: TestSshServer | undefined;
    const conn = new SshConnection({
      settings: { node: 'n2', host: '127.0.0.1', port, user: 't', identityFiles: [keyFile], knownHostsName: '127.0.0.1' },
      hostKeyCheck: () => ({ verifier: (_k, v) => v(true), lastRefusal: () => undefined }),
      identities: new IdentityStore(),
      reconnect: true,
    });
    cleanups.push(() => conn.close());
    const first = await conn.ready(3000);
    expect(!first.ok && first.error.kind).toBe('refused');
    expect(conn.status().state).toBe('down');
    // The same port again, now with a server whose client key we do not hold: auth fails, still down.
    server = await startTestSshServer(echo, port);
    cleanups.push(() => server?.close());
    await expect.poll(() => conn.status().error?.kind, { timeout: 8000 }).toBe('auth');
    expect(conn.status().state).toBe('down');
  });

  it('close() cuts a handshake in progress (a frozen node must not keep picon alive)', async () => {
    const net = await import('node:net');
    let closedByClient: () => void = () => undefined;
    const socketClosed = new Promise<void>((r) => (closedByClient = r));
    const silent = net.createServer((socket) => socket.resume().on('close', () => closedByClient()));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => silent.close(() => r(undefined))));
    const port = (silent.address() as { port: number }).port;
    const conn = new SshConnection({
      settings: { node: 'n3', host: '127.0.0.1', port, user: 't', identityFiles: [], knownHostsName: '127.0.0.1' },
      hostKeyCheck: () => ({ verifier: (_k, v) => v(true), lastRefusal: () => undefined }),
      identities: new IdentityStore(),
      agentSocket: '/nonexistent/agent.sock',
      reconnect: true,
      connectTimeoutMs: 60_000,
    });
    conn.start();
    await expect.poll(() => new Promise<number>((r) => silent.getConnections((_e, n) => r(n)))).toBe(1);
    conn.close();
    await socketClosed;
    expect(conn.status().state).toBe('closed');
  });
});
