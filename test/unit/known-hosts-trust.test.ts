import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostVerifier } from '../../src/adapters/ssh/host-key-verifier.js';
import { knownHostsFilesFor } from '../../src/adapters/ssh/known-hosts-file.js';
import type { CommandContext } from '../../src/cli/command.js';
import { run } from '../../src/cli/commands/trust.js';
import { sha256Fingerprint } from '../../src/core/ssh/host-key-fingerprint.js';
import { makeHostKey, startTestServer, type TestServer } from '../fixtures/known-hosts/ssh2-test-server.js';

/** `picon trust NODE` end to end: the real command against an in-process ssh2 server. */

const hostKey = makeHostKey('ed25519');
const otherKey = makeHostKey('ed25519');
let server: TestServer;
let root: string;
let caseNo = 0;

beforeAll(async () => {
  server = await startTestServer([hostKey]);
  root = mkdtempSync(path.join(os.tmpdir(), 'picon-trust-'));
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

interface Case {
  readonly home: string;
  readonly profile: string;
  readonly userFile: string;
}

function newCase(opts: { ownKnownHosts?: boolean; port?: number } = {}): Case {
  const dir = path.join(root, `case-${++caseNo}`);
  const home = path.join(dir, 'home');
  const profile = path.join(dir, 'cluster.yaml');
  const yaml = [
    'name: trustlab',
    ...(opts.ownKnownHosts === true ? ['knownHosts: ./known_hosts'] : []),
    `ssh: { port: ${opts.port ?? server.port}, user: picon }`,
    'head:',
    '  address: 127.0.0.1',
    '  haproxy: { sockets: [/run/haproxy/admin.sock] }',
    'workers:',
    '  - { name: w1, address: 127.0.0.1 }',
    '',
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  writeFileSync(profile, yaml);
  return { home, profile, userFile: path.join(home, '.ssh', 'known_hosts') };
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fakeStream(isTTY: boolean): PassThrough & { isTTY: boolean; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; text: () => string };
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.isTTY = isTTY;
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

async function trust(c: Case, args: string[], flags: { yes?: boolean; dryRun?: boolean; answer?: string } = {}): Promise<Run> {
  const tty = flags.answer !== undefined;
  const stdout = fakeStream(false);
  const stderr = fakeStream(tty);
  const stdin = fakeStream(tty);
  if (flags.answer !== undefined) {
    const answer = flags.answer;
    stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('[y/N]')) stdin.write(answer);
    });
  }
  const ctx: CommandContext = {
    globals: { profile: c.profile, json: false, yes: flags.yes ?? false, dryRun: flags.dryRun ?? false, readOnly: false },
    args,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: { HOME: c.home, USER: 'picon', PICON_CONFIG_DIR: path.join(c.home, 'config'), PATH: process.env['PATH'] },
    packageRoot: path.resolve(import.meta.dirname, '../..'),
  };
  const code = await run(ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const entry = (port: number): string => `[127.0.0.1]:${port} ${hostKey.publicLine}`;
const fingerprint = sha256Fingerprint(hostKey.blob);

function connects(files: readonly string[]): Promise<boolean> {
  const check = createHostVerifier({ node: 'head', host: '127.0.0.1', port: server.port, files });
  return new Promise((resolve) => {
    const client = new Client();
    let ok = false;
    client.on('ready', () => {
      ok = true;
      client.end();
    });
    client.on('error', () => undefined);
    client.on('close', () => resolve(ok));
    client.connect({ host: '127.0.0.1', port: server.port, username: 'x', hostVerifier: check.verifier, readyTimeout: 5000 });
  });
}

describe('picon trust NODE', () => {
  it('shows the fingerprint and, with --yes, appends [host]:port to ~/.ssh/known_hosts (0600 in 0700)', async () => {
    const c = newCase();
    const result = await trust(c, ['head'], { yes: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('node         head');
    expect(result.stdout).toContain(`host         [127.0.0.1]:${server.port}`);
    expect(result.stdout).toContain('key type     ssh-ed25519');
    expect(result.stdout).toContain(`fingerprint  ${fingerprint}`);
    expect(result.stdout).toContain(`Added [127.0.0.1]:${server.port} to ${c.userFile}:1.`);
    expect(readFileSync(c.userFile, 'utf8')).toBe(`${entry(server.port)}\n`);
    expect(statSync(c.userFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(c.userFile)).mode & 0o777).toBe(0o700);

    const profile = { knownHostsFiles: [] };
    expect(await connects(knownHostsFilesFor(profile, undefined, { HOME: c.home }))).toBe(true);

    const again = await trust(c, ['head'], { yes: true });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Already trusted: ${c.userFile}:1 has this key.`);
    expect(readFileSync(c.userFile, 'utf8')).toBe(`${entry(server.port)}\n`);
  });

  it("appends to the profile's own known_hosts when it names one", async () => {
    const c = newCase({ ownKnownHosts: true });
    const own = path.join(path.dirname(c.profile), 'known_hosts');
    const result = await trust(c, ['w1'], { yes: true });
    expect(result.code).toBe(0);
    expect(readFileSync(own, 'utf8')).toBe(`${entry(server.port)}\n`);
    expect(existsSync(c.userFile)).toBe(false);
  });

  it('asks on a terminal and adds on "y"', async () => {
    const c = newCase();
    const result = await trust(c, ['head'], { answer: 'y\n' });
    expect(result.stderr).toContain(`Add this key to ${c.userFile}? [y/N] `);
    expect(result.code).toBe(0);
    expect(readFileSync(c.userFile, 'utf8')).toBe(`${entry(server.port)}\n`);
  });

  it('adds nothing when the answer is not yes (exit 1)', async () => {
    const c = newCase();
    const result = await trust(c, ['head'], { answer: '\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Not added.');
    expect(existsSync(c.userFile)).toBe(false);
  });

  it('refuses without a terminal and without --yes (exit 2), after showing the fingerprint', async () => {
    const c = newCase();
    const result = await trust(c, ['head']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(fingerprint);
    expect(result.stderr).toContain('picon trust head --yes');
    expect(existsSync(c.userFile)).toBe(false);
  });

  it('never overwrites a different key: refuses loudly naming the old line (exit 1)', async () => {
    const c = newCase();
    const before = `# mine\n[127.0.0.1]:${server.port} ${otherKey.publicLine}\n`;
    trustFile(c, before);
    const result = await trust(c, ['head'], { yes: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HOST KEY CHANGED');
    expect(result.stderr).toContain(`${c.userFile}:2 has ssh-ed25519 ${sha256Fingerprint(otherKey.blob)}`);
    expect(result.stderr).toContain(`ssh-keygen -f '${c.userFile}' -R '[127.0.0.1]:${server.port}'`);
    expect(readFileSync(c.userFile, 'utf8')).toBe(before);
  });

  it('refuses a revoked key (exit 1)', async () => {
    const c = newCase();
    const before = `@revoked * ${hostKey.publicLine}\n`;
    trustFile(c, before);
    const result = await trust(c, ['head'], { yes: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`@revoked in ${c.userFile}:1`);
    expect(readFileSync(c.userFile, 'utf8')).toBe(before);
  });

  it('ends an unterminated last line before appending, and warns about malformed lines', async () => {
    const c = newCase();
    trustFile(c, `garbage-line\nother.lab ${otherKey.publicLine}`);
    const result = await trust(c, ['head'], { yes: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`warning: ${c.userFile}:1: skipped a malformed line`);
    expect(readFileSync(c.userFile, 'utf8')).toBe(`garbage-line\nother.lab ${otherKey.publicLine}\n${entry(server.port)}\n`);
    expect(result.stdout).toContain(`${c.userFile}:3.`);
  });

  it('--dry-run shows the line it would add and writes nothing', async () => {
    const c = newCase();
    const result = await trust(c, ['head'], { dryRun: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  ${entry(server.port)}`);
    expect(existsSync(c.userFile)).toBe(false);
  });

  it('reports a node it cannot reach (exit 1)', async () => {
    const closed = await startTestServer([hostKey]);
    const port = closed.port;
    await closed.close();
    const c = newCase({ port });
    const result = await trust(c, ['head'], { yes: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`head ([127.0.0.1]:${port}): connection refused`);
  });

  it('names the nodes when the name is unknown, and needs exactly one NODE', async () => {
    const c = newCase();
    await expect(trust(c, ['p9'], { yes: true })).rejects.toThrow('no node named "p9" in profile trustlab');
    await expect(trust(c, ['p9'], { yes: true })).rejects.toMatchObject({ name: 'UsageError', hint: 'Nodes: head, w1' });
    await expect(trust(c, [], { yes: true })).rejects.toThrow('usage: picon trust NODE');
    await expect(trust(c, ['head', 'w1'], { yes: true })).rejects.toThrow('usage: picon trust NODE');
  });
});

function trustFile(c: Case, text: string): void {
  mkdirSync(path.dirname(c.userFile), { recursive: true });
  writeFileSync(c.userFile, text);
}
