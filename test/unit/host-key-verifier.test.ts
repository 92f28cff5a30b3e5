import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type ConnectConfig } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHostVerifier,
  preferredHostKeyAlgorithms,
  type HostVerifier,
} from '../../src/adapters/ssh/host-key-verifier.js';
import { createKnownHostsWarner } from '../../src/adapters/ssh/known-hosts-warnings.js';
import { sha256Fingerprint } from '../../src/core/ssh/host-key-fingerprint.js';
import { makeHostKey, startTestServer, type TestServer } from '../fixtures/known-hosts/ssh2-test-server.js';

/** The contract with ssh2: a real Client against an in-process Server, only the host key differs. */

const ed25519 = makeHostKey('ed25519');
const rsa = makeHostKey('rsa');
const stranger = makeHostKey('ed25519');

let dir: string;
let server: TestServer;
let both: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'picon-hostkey-'));
  server = await startTestServer([ed25519]);
  both = await startTestServer([ed25519, rsa]);
});

afterAll(async () => {
  await server.close();
  await both.close();
  rmSync(dir, { recursive: true, force: true });
});

function knownHosts(name: string, lines: readonly string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

type Outcome = { connected: true } | { connected: false; message: string };

function connect(port: number, check: HostVerifier, algorithms?: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const client = new Client();
    let outcome: Outcome | undefined;
    client.on('ready', () => {
      outcome = { connected: true };
      client.end();
    });
    client.on('error', (err) => {
      outcome ??= { connected: false, message: err.message };
    });
    client.on('close', () => resolve(outcome ?? { connected: false, message: 'closed' }));
    const config: ConnectConfig = {
      host: '127.0.0.1',
      port,
      username: 'picon',
      hostVerifier: check.verifier,
      readyTimeout: 5000,
      ...(algorithms !== undefined && { algorithms: { serverHostKey: [...algorithms] as never } }),
    };
    client.connect(config);
  });
}

describe('host key verifier against a real ssh2 handshake', () => {
  it('connects when known_hosts lists the key for [127.0.0.1]:port', async () => {
    const file = knownHosts('known', [`[127.0.0.1]:${server.port} ${ed25519.publicLine}`]);
    const check = createHostVerifier({ node: 'p1', host: '127.0.0.1', port: server.port, files: [file] });
    expect(await connect(server.port, check)).toEqual({ connected: true });
    expect(check.lastRefusal()).toBeUndefined();
  });

  it('refuses a wrong key for the host as host-key-changed, naming the old line', async () => {
    const file = knownHosts('changed', ['# first', `[127.0.0.1]:${server.port} ${stranger.publicLine}`]);
    const check = createHostVerifier({ node: 'p1', host: '127.0.0.1', port: server.port, files: [file] });
    const outcome = await connect(server.port, check);
    expect(outcome.connected).toBe(false);
    const refusal = check.lastRefusal();
    expect(refusal?.kind).toBe('host-key-changed');
    expect(refusal?.message).toContain(`${file}:2 has ssh-ed25519 ${sha256Fingerprint(stranger.blob)}`);
    expect(refusal?.message).toContain(`offers ssh-ed25519 ${sha256Fingerprint(ed25519.blob)}`);
  });

  it('refuses an unknown host as host-key-unknown with its fingerprint and the trust hint', async () => {
    const file = knownHosts('other-host', [`[127.0.0.2]:${server.port} ${ed25519.publicLine}`]);
    const check = createHostVerifier({ node: 'w3', host: '127.0.0.1', port: server.port, files: [file, path.join(dir, 'missing')] });
    expect((await connect(server.port, check)).connected).toBe(false);
    expect(check.lastRefusal()).toEqual({
      kind: 'host-key-unknown',
      message: `w3 ([127.0.0.1]:${server.port}): host key not known (ssh-ed25519 ${sha256Fingerprint(ed25519.blob)}); check it, then run: picon trust w3`,
    });
    expect(check.lastOffered()?.blob.equals(ed25519.blob)).toBe(true);
  });

  it('refuses a revoked key even when it is also listed', async () => {
    const file = knownHosts('revoked', [`[127.0.0.1]:${server.port} ${ed25519.publicLine}`, `@revoked * ${ed25519.publicLine}`]);
    const check = createHostVerifier({ node: 'p1', host: '127.0.0.1', port: server.port, files: [file] });
    expect((await connect(server.port, check)).connected).toBe(false);
    expect(check.lastRefusal()?.kind).toBe('host-key-revoked');
    expect(check.lastRefusal()?.message).toContain(`${file}:2`);
  });

  it('checks the profile file together with ~/.ssh/known_hosts', async () => {
    const user = knownHosts('user', ['# nothing here']);
    const own = knownHosts('own', [`[127.0.0.1]:${server.port} ${ed25519.publicLine}`]);
    const check = createHostVerifier({ node: 'p1', host: '127.0.0.1', port: server.port, files: [user, own] });
    expect(await connect(server.port, check)).toEqual({ connected: true });
  });

  it('tries the address as given as an alias', async () => {
    const file = knownHosts('alias', [`[p1.lab]:${server.port} ${ed25519.publicLine}`]);
    const check = createHostVerifier({ node: 'p1', host: '127.0.0.1', port: server.port, aliases: ['p1.lab'], files: [file] });
    expect(await connect(server.port, check)).toEqual({ connected: true });
  });

  it('prefers the key type known for the host, so an RSA-known host still connects', async () => {
    const file = knownHosts('rsa-known', [`[127.0.0.1]:${both.port} ${rsa.publicLine}`]);
    const opts = { host: '127.0.0.1', port: both.port, files: [file] };
    const algorithms = preferredHostKeyAlgorithms(opts);
    expect(algorithms.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(algorithms).toContain('ssh-ed25519');

    const preferring = createHostVerifier({ node: 'p1', ...opts });
    expect(preferring.preferredAlgorithms).toEqual(algorithms);
    expect(await connect(both.port, preferring, algorithms)).toEqual({ connected: true });

    // With ssh2's default order the server's Ed25519 key is chosen: OpenSSH calls that "changed" too.
    const plain = createHostVerifier({ node: 'p1', ...opts });
    expect((await connect(both.port, plain)).connected).toBe(false);
    expect(plain.lastRefusal()?.kind).toBe('host-key-changed');
  });

  it('picks up a key added after the verifier was made (known_hosts is read at each handshake)', async () => {
    const file = knownHosts('later', []);
    const check = createHostVerifier({ node: 'p1', host: '127.0.0.1', port: server.port, files: [file] });
    expect((await connect(server.port, check)).connected).toBe(false);
    writeFileSync(file, `[127.0.0.1]:${server.port} ${ed25519.publicLine}\n`);
    expect(await connect(server.port, check)).toEqual({ connected: true });
    expect(check.lastRefusal()).toBeUndefined();
  });
});

describe('verifier edge cases', () => {
  it('refuses a key blob it cannot read, and always answers through the callback', () => {
    const check = createHostVerifier({ node: 'p1', host: 'h', port: 22, files: [] });
    const answers: boolean[] = [];
    const returned: unknown = check.verifier(Buffer.from('garbage'), (ok) => answers.push(ok));
    expect(returned).toBeUndefined();
    expect(answers).toEqual([false]);
    expect(check.lastRefusal()?.message).toContain('cannot read');
  });

  it('reports malformed lines and unreadable files as warnings, one line per file', () => {
    const file = knownHosts('warn', ['bad-line-without-key', 'another-bad-line', 'and-a-third']);
    const check = createHostVerifier({ node: 'p1', host: 'h', port: 22, files: [file, dir, '/proc/sys/vm/drop_caches'] });
    expect(check.warnings()).toEqual([
      `${dir} is a directory, not a known_hosts file: its host keys, @revoked ones too, were not checked`,
      '/proc/sys/vm/drop_caches cannot be read (permission denied): its host keys, @revoked ones too, were not checked',
      `${file}:1: skipped a malformed line: no key after the host field (and 2 more in this file)`,
    ]);
  });

  it('says each problem once per run, however many nodes and handshakes read the file', () => {
    const file = knownHosts('warn-once', ['bad-line-without-key']);
    const said: string[] = [];
    const warner = createKnownHostsWarner((line) => said.push(line));
    for (const node of ['p1', 'p2', 'p3']) {
      const check = createHostVerifier({ node, host: 'h', port: 22, files: [file, '/proc/sys/vm/drop_caches'], warner });
      check.verifier(ed25519.blob, () => undefined);
      check.verifier(ed25519.blob, () => undefined);
    }
    expect(said).toEqual([
      '/proc/sys/vm/drop_caches cannot be read (permission denied): its host keys, @revoked ones too, were not checked',
      `${file}:1: skipped a malformed line: no key after the host field`,
    ]);
  });

  it('keeps what it had to say until a sink is attached (the events pane of the console comes later)', () => {
    const warner = createKnownHostsWarner();
    createHostVerifier({ node: 'p1', host: 'h', port: 22, files: [dir], warner });
    createHostVerifier({ node: 'p2', host: 'h', port: 22, files: [dir], warner });
    const said: string[] = [];
    warner.attach((line) => said.push(line));
    expect(said).toEqual([`${dir} is a directory, not a known_hosts file: its host keys, @revoked ones too, were not checked`]);
  });
});
