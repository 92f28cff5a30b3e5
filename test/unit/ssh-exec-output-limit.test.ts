import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { IdentityStore } from '../../src/adapters/ssh/identity.js';
import { SshConnection } from '../../src/adapters/ssh/ssh-connection.js';
import { byteSize, measuredSize } from '../../src/core/present/byte-size.js';
import { remoteCommand } from '../../src/core/remote/shell-quote.js';
import { startTestSshServer, type ExecCall } from '../support/ssh-test-server.js';

/**
 * A command that prints more than its limit is refused, never returned cut short as if it were
 * all: `weight --persist` once wrote a config cut at 8 MiB back as the whole file.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup(handle: (call: ExecCall) => void) {
  const server = await startTestSshServer(handle);
  cleanups.push(() => server.close());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-ssh-limit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const keyFile = path.join(dir, 'id');
  writeFileSync(keyFile, server.clientKey.private, { mode: 0o600 });
  const parsed = utils.parseKey(server.hostKey.publicSsh);
  if (parsed instanceof Error) throw parsed;
  const expected = (Array.isArray(parsed) ? parsed[0] : parsed)!.getPublicSSH();
  const conn = new SshConnection({
    settings: { node: 'head', host: '127.0.0.1', port: server.port, user: 'tester', identityFiles: [keyFile], knownHostsName: '127.0.0.1' },
    hostKeyCheck: () => ({ verifier: (key, verify) => verify(Buffer.compare(key, expected) === 0), lastRefusal: () => undefined }),
    identities: new IdentityStore(),
    reconnect: false,
    connectTimeoutMs: 3000,
  });
  cleanups.push(() => conn.close());
  return { server, conn };
}

/** Answers `print OUT ERR` with ERR bytes of stderr and OUT of stdout, in 64 KiB writes. */
function printer(calls: ExecCall[]) {
  return (call: ExecCall) => {
    calls.push(call);
    const [, out = '0', err = '0'] = call.command.replace(/'/g, '').split(' ');
    const chunk = 64 * 1024;
    // stderr first: the test server's end() can drop stderr still queued behind stdout.
    for (let left = Number(err); left > 0; left -= chunk) call.write('', 'e'.repeat(Math.min(chunk, left)));
    for (let left = Number(out); left > 0; left -= chunk) call.write('o'.repeat(Math.min(chunk, left)));
    call.exit(0);
  };
}

const MiB = 1024 * 1024;

describe('the output limit of an exec', () => {
  it.each([
    { case: 'stdout just under the limit', out: 2 * MiB - 1, err: 0, limit: 2 * MiB },
    { case: 'stdout and stderr exactly at the limit', out: MiB, err: MiB, limit: 2 * MiB },
    { case: 'a 6 MB config under the 8 MiB default', out: 6_000_000, err: 0, limit: undefined },
  ])('$case: the whole output, byte for byte', async ({ out, err, limit }) => {
    const { conn } = await setup(printer([]));
    const r = await conn.exec(remoteCommand(['print', String(out), String(err)]), { timeoutMs: 20_000, ...(limit !== undefined && { maxOutputBytes: limit }) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.stdout.length, r.value.stderr.length, r.value.code]).toEqual([out, err, 0]);
  });

  it.each([
    { case: 'stdout one byte over', out: 2 * MiB + 1, err: 0, limit: 2 * MiB, said: '2 MiB' },
    { case: 'stdout and stderr together over', out: MiB + 10, err: MiB, limit: 2 * MiB, said: '2 MiB' },
    { case: 'the 8 MiB default', out: 9 * MiB, err: 0, limit: undefined, said: '8 MiB' },
  ])('$case: refused with the node, the command and the limit; the channel is closed', async ({ out, err, limit, said }) => {
    const calls: ExecCall[] = [];
    const { server, conn } = await setup(printer(calls));
    const command = remoteCommand(['print', String(out), String(err)]);
    const r = await conn.exec(command, { timeoutMs: 20_000, ...(limit !== undefined && { maxOutputBytes: limit }) });
    expect(r).toEqual({ ok: false, error: { kind: 'too-large', message: `head: \`${command.text}\` printed more than ${said}; refused` } });
    await calls[0]!.closed;
    await expect.poll(() => server.stats.open).toBe(0);
    // The connection itself is fine: the next command runs.
    const next = await conn.exec(remoteCommand(['print', '3', '0']));
    expect(next).toMatchObject({ ok: true, value: { stdout: 'ooo', code: 0 } });
  });

  it('names a long script by its start, on one line', async () => {
    const { conn } = await setup(printer([]));
    const script = `print 200 0 ${'x'.repeat(300)}\nmore`;
    const r = await conn.exec({ text: script }, { maxOutputBytes: 100 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe(`head: \`print 200 0 ${'x'.repeat(87)}…\` printed more than 100 bytes; refused`);
  });

  it.each([
    [8 * MiB, '8 MiB'],
    [16 * MiB, '16 MiB'],
    [512 * 1024, '512 KiB'],
    [100, '100 bytes'],
    [MiB + 1, '1048577 bytes'],
  ])('byteSize(%i) is %s', (bytes, text) => {
    expect(byteSize(bytes)).toBe(text);
  });

  it.each([
    [18_000_000, '17.2 MiB (18000000 bytes)'],
    [MiB, '1.0 MiB (1048576 bytes)'],
    [1000, '1000 bytes'],
  ])('measuredSize(%i) is %s', (bytes, text) => {
    expect(measuredSize(bytes)).toBe(text);
  });
});
