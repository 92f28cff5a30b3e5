import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustNode, type TrustOutcome } from '../../src/adapters/ssh/trust.js';
import type { NodeSpec, Profile } from '../../src/core/profile/profile.js';
import { sha256Fingerprint } from '../../src/core/ssh/host-key-fingerprint.js';
import type { SshClientConfig } from '../../src/core/ssh/ssh-config-output.js';
import { generateKeyPair } from '../support/ssh-keys.js';
import { makeHostKey, startTestServer, type TestHostKey, type TestServer } from '../fixtures/known-hosts/ssh2-test-server.js';

/**
 * `picon trust` for a node behind a ProxyJump host that is not a node of the profile: in-process
 * ssh2 servers, the jump one forwarding direct-tcpip channels to the node's.
 */

const jumpKey = makeHostKey('ed25519');
const nodeKey = makeHostKey('ed25519');
let target: TestServer;
let jump: { port: number; forwards: string[]; close(): Promise<void> };
let dir: string;
let identity: string;

function startJumpServer(hostKey: TestHostKey): Promise<typeof jump> {
  const forwards: string[] = [];
  const server = new Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => (ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey'])));
    client.on('tcpip', (accept, _reject, info) => {
      forwards.push(`${info.destIP}:${info.destPort}`);
      const channel = accept();
      const socket = net.connect(info.destPort, info.destIP);
      socket.on('error', () => channel.destroy());
      channel.on('error', () => socket.destroy());
      channel.pipe(socket).pipe(channel);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        forwards,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

beforeAll(async () => {
  target = await startTestServer([nodeKey]);
  jump = await startJumpServer(jumpKey);
  dir = mkdtempSync(path.join(os.tmpdir(), 'picon-trust-jump-'));
  identity = path.join(dir, 'id_ed25519');
  writeFileSync(identity, generateKeyPair('ed25519').private, { mode: 0o600 });
});
afterAll(async () => {
  await jump.close();
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A node whose ~/.ssh/config says `ProxyJump 127.0.0.1:<jump port>` and `UserKnownHostsFile <file>`. */
async function trustBehindProxyJump(knownHosts: string): Promise<{ outcome: TrustOutcome; printed: string[] }> {
  const node: NodeSpec = {
    name: 'zero', role: 'worker', address: 'zero.local', ssh: { port: target.port }, services: [],
    serviceControl: { restart: 'true', isActive: 'true' }, servers: [],
  };
  const profile = { knownHostsFiles: [], nodes: [node] } as unknown as Profile;
  const configs: Record<string, SshClientConfig> = {
    'zero.local': { hostname: '127.0.0.1', identityFiles: [], proxyJump: `127.0.0.1:${jump.port}`, userKnownHostsFiles: [knownHosts], globalKnownHostsFiles: [] },
    '127.0.0.1': { identityFiles: [identity], userKnownHostsFiles: [knownHosts], globalKnownHostsFiles: [] },
  };
  const printed: string[] = [];
  const outcome = await trustNode({
    profile,
    node,
    env: { HOME: path.join(dir, 'home'), USER: 'picon' },
    confirm: async () => 'yes',
    print: (l) => printed.push(l),
    warn: (l) => printed.push(l),
    resolveConfig: async (address) => configs[address],
    timeoutMs: 5000,
  });
  return { outcome, printed };
}

describe('picon trust through a ProxyJump host outside the profile', () => {
  it("says the jump host's own key is not known, with its fingerprint and where to add it, and adds nothing", async () => {
    const file = path.join(dir, 'empty_known_hosts');
    const { outcome } = await trustBehindProxyJump(file);
    expect(outcome).toEqual({
      status: 'failed',
      error: {
        kind: 'jump',
        message:
          `zero is reached through 127.0.0.1 (ProxyJump), whose own host key (ssh-ed25519 ${sha256Fingerprint(jumpKey.blob)}) ` +
          `is not known; check it and add it to ${file} first (picon trust only adds nodes of the profile)`,
      },
    });
    expect(jump.forwards).toEqual([]);
  });

  it("fetches the node's key through the jump host once the jump host's key is known", async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `[127.0.0.1]:${jump.port} ${jumpKey.publicLine}\n`);
    const { outcome, printed } = await trustBehindProxyJump(file);
    expect(outcome).toMatchObject({ status: 'added', file, line: 2, shown: { node: 'zero', through: '127.0.0.1', keyType: 'ssh-ed25519', fingerprint: sha256Fingerprint(nodeKey.blob) } });
    expect(printed).toContain('through      127.0.0.1');
    expect(printed).toContain(`fingerprint  ${sha256Fingerprint(nodeKey.blob)}`);
    expect(jump.forwards).toEqual([`127.0.0.1:${target.port}`]);
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(`[127.0.0.1]:${target.port} ${nodeKey.publicLine}`);
  });
});
