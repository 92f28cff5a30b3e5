import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

  it('skips missing and non-key files', async () => {
    const store = new IdentityStore();
    expect(await store.load([path.join(dir, 'nope'), '/etc/hostname'])).toEqual([]);
  });
});
