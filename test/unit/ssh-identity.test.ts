import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentPublicKeys } from '../../src/adapters/ssh/agent-keys.js';
import { IdentityStore } from '../../src/adapters/ssh/identity.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keygen = (name: string, passphrase: string): string => {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', file]);
  return file;
};
const plain = keygen('plain', '');
const locked = keygen('locked', 'correct horse');

describe('IdentityStore: key files and passphrases', () => {
  it('loads a plain key without asking anything', async () => {
    const asked: string[] = [];
    const store = new IdentityStore(async (f) => (asked.push(f), undefined));
    const keys = await store.load([plain]);
    expect(keys.map((k) => [k.file, k.key.type])).toEqual([[plain, 'ssh-ed25519']]);
    expect(asked).toEqual([]);
  });

  it('asks once for an encrypted key, however many connections need it', async () => {
    const asked: string[] = [];
    const store = new IdentityStore(async (f) => (asked.push(f), 'correct horse'));
    const [a, b] = await Promise.all([store.load([locked]), store.load([locked])]);
    expect(a.map((k) => k.key.type)).toEqual(['ssh-ed25519']);
    expect(b.map((k) => k.key.type)).toEqual(['ssh-ed25519']);
    expect(asked).toEqual([locked]);
  });

  it('skips an encrypted key when the passphrase is wrong or not given, keeping the others', async () => {
    const wrong = new IdentityStore(async () => 'wrong');
    expect((await wrong.load([locked, plain])).map((k) => k.file)).toEqual([plain]);
    const declined = new IdentityStore(async () => undefined);
    expect((await declined.load([locked])).length).toBe(0);
    const noTerminal = new IdentityStore();
    expect((await noTerminal.load([locked])).length).toBe(0);
  });

  it('says why a key file gave no key: no passphrase given, a wrong one', async () => {
    const noTerminal = new IdentityStore();
    await noTerminal.load([locked, plain]);
    expect(noTerminal.problemsAmong([plain, locked], [locked])).toEqual([`${locked} is encrypted and no passphrase was given: ssh-add it`]);
    const declined = new IdentityStore(async () => undefined);
    await declined.load([locked]);
    expect(declined.problemsAmong([locked], [])).toEqual([`${locked} is encrypted and no passphrase was given: ssh-add it`]);
    const wrong = new IdentityStore(async () => 'wrong');
    await wrong.load([locked]);
    expect(wrong.problemsAmong([locked], [])).toEqual([`wrong passphrase for ${locked}`]);
  });

  it('names a missing key file only when the profile or ssh config named it; other bad files always', async () => {
    const missing = path.join(dir, 'id_pi');
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const store = new IdentityStore();
    expect(await store.load([missing, '/etc/hostname', fifo, '/dev/zero'])).toEqual([]);
    expect(store.problemsAmong([missing, '/etc/hostname', fifo, '/dev/zero'], [missing])).toEqual([
      `identity file ${missing} does not exist`,
      'identity file /etc/hostname is not a private key picon can read (Unsupported key format)',
      `identity file ${fifo} is a FIFO, not a key file`,
      'identity file /dev/zero is a character device, not a key file',
    ]);
    expect(store.problemsAmong([missing], [])).toEqual([]);
  });

  it('skips missing and non-key files', async () => {
    const store = new IdentityStore();
    expect(await store.load([path.join(dir, 'nope'), '/etc/hostname'])).toEqual([]);
  });
});

describe('IdentityStore with an ssh-agent (a real one, on a socket of this test)', () => {
  const socket = path.join(dir, 'agent.sock');
  let agentPid = 0;
  afterAll(() => {
    if (agentPid > 0) process.kill(agentPid, 'SIGTERM');
  });
  const startAgent = (): void => {
    const out = execFileSync('ssh-agent', ['-s', '-a', socket], { encoding: 'utf8' });
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
    execFileSync('ssh-add', ['-q', plain], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  };

  it('asks no passphrase for an encrypted key the agent holds (the agent is tried first), but does for one it does not', async () => {
    startAgent();
    // The agent holds `plain`'s key; make an encrypted copy of that same key.
    const lockedCopy = path.join(dir, 'plain-locked');
    execFileSync('cp', [plain, lockedCopy]);
    execFileSync('cp', [`${plain}.pub`, `${lockedCopy}.pub`]);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'sesame', '-f', lockedCopy]);
    const asked: string[] = [];
    let agentAsked = 0;
    const store = new IdentityStore(
      async (f) => (asked.push(f), f === locked ? 'correct horse' : 'sesame'),
      () => ((agentAsked += 1), agentPublicKeys(socket)),
    );
    expect(await store.load([lockedCopy])).toEqual([]);
    expect(asked).toEqual([]);
    expect((await store.load([locked])).map((k) => k.file)).toEqual([locked]);
    expect(asked).toEqual([locked]);
    expect(agentAsked).toBe(1);
  });

  it('an agent that cannot be reached holds nothing: the passphrase is asked as without one', async () => {
    expect(await agentPublicKeys(path.join(dir, 'no-such-agent.sock'))).toEqual([]);
    const asked: string[] = [];
    const store = new IdentityStore(async (f) => (asked.push(f), 'correct horse'), () => agentPublicKeys(path.join(dir, 'no-such-agent.sock')));
    expect((await store.load([locked])).length).toBe(1);
    expect(asked).toEqual([locked]);
  });
});
