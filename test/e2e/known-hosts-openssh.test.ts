import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRunSshd, releaseRunSshd } from '../../src/adapters/lab/run-sshd.js';
import { createHostVerifier } from '../../src/adapters/ssh/host-key-verifier.js';
import { trustNode } from '../../src/adapters/ssh/trust.js';
import type { NodeSpec, Profile } from '../../src/core/profile/profile.js';
import { sha256Fingerprint } from '../../src/core/ssh/host-key-fingerprint.js';

/**
 * Host keys against a real OpenSSH sshd on 127.0.8.1: `picon trust` writes a line OpenSSH's own
 * client accepts, and for the same known_hosts file picon's verifier decides what `ssh` decides.
 */

const ADDRESS = '127.0.8.1';
let dir: string;
let port: number;
let sshd: ChildProcess;
let hostPub: string;
let otherPub: string;
let rsaPub: string;

function keygen(name: string, type: 'ed25519' | 'rsa'): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', '', '-f', path.join(dir, name)]);
  return readFileSync(path.join(dir, `${name}.pub`), 'utf8').trim().split(' ').slice(0, 2).join(' ');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, ADDRESS, () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => resolve(p));
    });
  });
}

/** Resolves once sshd answers with its SSH banner. */
async function waitForBanner(deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const banner = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, ADDRESS);
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('SSH-2.0-'));
      });
      socket.once('error', () => resolve(false));
    });
    if (banner) return;
    if (Date.now() > end) throw new Error(`sshd did not answer on ${ADDRESS}:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'picon-openssh-'));
  hostPub = keygen('host_ed25519', 'ed25519');
  otherPub = keygen('other_ed25519', 'ed25519');
  rsaPub = keygen('other_rsa', 'rsa');
  port = await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [`ListenAddress ${ADDRESS}`, `Port ${port}`, `HostKey ${path.join(dir, 'host_ed25519')}`, 'PidFile none', 'UsePAM no', 'StrictModes no', ''].join('\n'),
  );
  await ensureRunSshd(dir);
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: 'ignore' });
  await waitForBanner(5000);
});

afterAll(async () => {
  if (sshd.exitCode === null) {
    const exited = new Promise((resolve) => sshd.once('exit', resolve));
    sshd.kill();
    await exited;
  }
  await releaseRunSshd('/usr/sbin/sshd', dir);
  rmSync(dir, { recursive: true, force: true });
});

type Decision = 'match' | 'unknown' | 'changed' | 'revoked';

/** What OpenSSH's client decides for this known_hosts file (it never gets to log in). */
function opensshDecides(file: string): Promise<Decision | string> {
  return new Promise((resolve) => {
    execFile(
      'ssh',
      ['-F', 'none', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${file}`,
        '-o', 'GlobalKnownHostsFile=none', '-o', 'IdentityFile=none', '-o', 'IdentitiesOnly=yes', '-p', String(port), `nobody@${ADDRESS}`, 'true'],
      { timeout: 10_000 },
      (_error, _stdout, stderr) => {
        if (stderr.includes('REVOKED HOST KEY')) resolve('revoked');
        else if (stderr.includes('REMOTE HOST IDENTIFICATION HAS CHANGED')) resolve('changed');
        else if (/No \S+ host key is known/.test(stderr)) resolve('unknown');
        else if (stderr.includes('Permission denied')) resolve('match');
        else resolve(stderr.trim());
      },
    );
  });
}

/** What picon decides, through a real ssh2 handshake (the login itself fails: no keys). */
function piconDecides(file: string): Promise<Decision | string> {
  const check = createHostVerifier({ node: 'n1', host: ADDRESS, port, files: [file] });
  return new Promise((resolve) => {
    const client = new Client();
    let passedHostKey = false;
    client.on('error', (err) => {
      passedHostKey = (err as Error & { level?: string }).level === 'client-authentication';
    });
    client.on('close', () => {
      const refusal = check.lastRefusal();
      if (passedHostKey && refusal === undefined) resolve('match');
      else resolve(refusal?.kind.replace('host-key-', '') ?? 'no decision');
    });
    client.connect({
      host: ADDRESS,
      port,
      username: 'nobody',
      authHandler: ['none'],
      hostVerifier: check.verifier,
      readyTimeout: 5000,
      algorithms: { serverHostKey: [...check.preferredAlgorithms] as never },
    });
  });
}

function file(name: string, lines: readonly string[]): string {
  const p = path.join(dir, name);
  writeFileSync(p, lines.map((l) => `${l}\n`).join(''));
  return p;
}

describe('picon decides like OpenSSH 9.2 for the same known_hosts', () => {
  const cases: [string, () => string[], Decision][] = [
    ['the [host]:port line', () => [`[${ADDRESS}]:${port} ${hostPub}`], 'match'],
    ['only a bare-host line (OpenSSH retries without the port)', () => [`${ADDRESS} ${hostPub}`], 'match'],
    ['a pattern', () => [`[127.0.8.?]:${port},!other ${hostPub}`], 'match'],
    ['a negated pattern', () => [`[127.0.8.?]:${port},![${ADDRESS}]:${port} ${hostPub}`], 'unknown'],
    ['another key of the same type', () => [`[${ADDRESS}]:${port} ${otherPub}`], 'changed'],
    ['only an RSA key (the server has none)', () => [`[${ADDRESS}]:${port} ${rsaPub}`], 'changed'],
    ['a stale line before the right one', () => [`[${ADDRESS}]:${port} ${otherPub}`, `[${ADDRESS}]:${port} ${hostPub}`], 'match'],
    ['the key, also @revoked', () => [`[${ADDRESS}]:${port} ${hostPub}`, `@revoked * ${hostPub}`], 'revoked'],
    ['nothing for this host', () => [`other.lab ${hostPub}`], 'unknown'],
  ];

  it.each(cases)('%s', async (name, lines, expected) => {
    const known = file(`case-${name.replace(/\W+/g, '-')}`, lines());
    expect(await opensshDecides(known)).toBe(expected);
    expect(await piconDecides(known)).toBe(expected);
  });

  it('hashed by ssh-keygen -H, the line still matches for both', async () => {
    const known = file('hashed', [`[${ADDRESS}]:${port} ${hostPub}`]);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', known], { stdio: 'ignore' });
    expect(readFileSync(known, 'utf8')).toMatch(/^\|1\|/);
    expect(await opensshDecides(known)).toBe('match');
    expect(await piconDecides(known)).toBe('match');
  });
});

describe('picon trust against sshd', () => {
  it('adds a line that OpenSSH accepts', async () => {
    const own = path.join(dir, 'trusted_known_hosts');
    const node: NodeSpec = {
      name: 'n1', role: 'head', address: ADDRESS, ssh: { port }, services: [],
      serviceControl: { restart: 'true', isActive: 'true' }, servers: [],
    };
    const profile = { knownHostsFiles: [own], nodes: [node] } as unknown as Profile;
    const printed: string[] = [];
    const outcome = await trustNode({
      profile,
      node,
      env: { HOME: path.join(dir, 'home'), USER: 'nobody' },
      confirm: async () => 'yes',
      print: (l) => printed.push(l),
      warn: (l) => printed.push(l),
    });
    expect(outcome).toMatchObject({ status: 'added', file: own, line: 1, shown: { node: 'n1', keyType: 'ssh-ed25519' } });
    const [type = '', base64 = ''] = hostPub.split(' ');
    expect(printed).toContain(`fingerprint  ${sha256Fingerprint(Buffer.from(base64, 'base64'))}`);
    expect(readFileSync(own, 'utf8')).toBe(`[${ADDRESS}]:${port} ${type} ${base64}\n`);
    expect(await opensshDecides(own)).toBe('match');
  });
});
