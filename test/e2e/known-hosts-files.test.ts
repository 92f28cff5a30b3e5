import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, run, startLab, type LabHandle } from './support/lab.js';
import type { StatusReport } from '../../src/core/status/status-report.js';

/**
 * Which known_hosts files picon reads, and `picon trust` through a jump host, against the lab's
 * real sshds on 127.0.27. ~/.ssh/config lives in a temp HOME; `ssh -G` is pointed at it by an
 * `ssh` wrapper first on PATH (OpenSSH reads the password database's home, not $HOME).
 */

let lab: LabHandle;
let tmp: string;
/** `[address]:2222 type base64` per lab node, from the lab's known_hosts. */
const lines = new Map<string, string>();
const addressOf = (node: string): string => lab.node(node).address;

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.27' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-khf-'));
  const known = readFileSync(lab.status.knownHosts, 'utf8').split('\n');
  for (const n of lab.status.nodes) {
    const line = known.find((l) => l.startsWith(`[${n.address}]:2222 `));
    if (line === undefined) throw new Error(`the lab's known_hosts has no line for ${n.name}`);
    lines.set(n.name, line);
  }
});
afterAll(async () => {
  await lab?.stop();
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

/** The lab profile, renamed, with `edit` applied; returns its path. */
function writeProfile(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(readFileSync(lab.profilePath, 'utf8'));
  doc.set('name', name);
  edit(doc);
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, doc.toString());
  return file;
}

/** Node `name`'s known_hosts line, for another node's address when `as` is given. */
function lineFor(name: string, as?: string): string {
  const line = lines.get(name) ?? '';
  return as === undefined ? line : line.replace(`[${addressOf(name)}]:2222`, `[${addressOf(as)}]:2222`);
}

const write = (file: string, entries: readonly string[]): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, entries.map((l) => `${l}\n`).join(''));
};

async function status(profile: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; byName: Map<string, StatusReport['nodes'][number]> }> {
  const r = await run(process.execPath, [PICON_BIN, '--profile', profile, 'status', '--json', '--timeout', '4'], { env, timeoutMs: 30_000 });
  const report = JSON.parse(r.stdout) as StatusReport;
  return { code: r.code, byName: new Map(report.nodes.map((n) => [n.name, n])) };
}

describe('UserKnownHostsFile and GlobalKnownHostsFile from ~/.ssh/config (one path with blanks)', () => {
  let profile: string;
  let env: NodeJS.ProcessEnv;
  let p1File: string;
  let p2Global: string;

  beforeAll(() => {
    const home = path.join(tmp, 'home');
    const bin = path.join(tmp, 'bin');
    const config = path.join(home, '.ssh', 'config');
    p1File = path.join(home, '.ssh', 'p1_hosts');
    // Blanks in the path: ssh -G prints it unquoted, among other files.
    p2Global = path.join(tmp, 'global dir', 'p2  hosts');
    const others = path.join(tmp, 'others');
    write(config, [
      `Host ${addressOf('p1')}`,
      '  UserKnownHostsFile ~/.ssh/p1_hosts',
      `Host ${addressOf('p2')}`,
      `  GlobalKnownHostsFile "${p2Global}" /etc/ssh/ssh_known_hosts`,
      'Host *',
      `  UserKnownHostsFile ${others}`,
    ]);
    write(others, ['head', 'p3', 'pi3'].map((n) => lineFor(n)));
    write(p1File, [lineFor('p1')]);
    write(p2Global, [lineFor('p2')]);
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`);
    chmodSync(path.join(bin, 'ssh'), 0o755);
    env = { ...lab.env, HOME: home, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    profile = writeProfile('lab-khf', (doc) => doc.delete('knownHosts'));
  });

  it("connects to each node whose key is only in its UserKnownHostsFile or GlobalKnownHostsFile", async () => {
    const { code, byName } = await status(profile, env);
    expect([...byName.values()].map((n) => [n.name, n.reachable, n.error])).toEqual([
      ['head', true, null], ['p1', true, null], ['p2', true, null], ['p3', true, null], ['pi3', true, null],
    ]);
    expect(code).toBe(0);
  });

  it('refuses p1 as changed when its UserKnownHostsFile has another key, and as unknown without that file', async () => {
    write(p1File, [lineFor('pi3', 'p1')]);
    try {
      const changed = await status(profile, env);
      expect(changed.byName.get('p1')).toMatchObject({ reachable: false, errorKind: 'host-key-changed' });
      expect(changed.byName.get('p1')?.error).toContain(`${p1File}:1`);
      expect(changed.byName.get('head')?.reachable).toBe(true);

      rmSync(p1File);
      const unknown = await status(profile, env);
      expect(unknown.byName.get('p1')).toMatchObject({ reachable: false, errorKind: 'host-key-unknown' });
    } finally {
      write(p1File, [lineFor('p1')]);
    }
  });

  it('refuses p2 as changed when its GlobalKnownHostsFile has another key', async () => {
    write(p2Global, [lineFor('pi3', 'p2')]);
    try {
      const { byName } = await status(profile, env);
      expect(byName.get('p2')).toMatchObject({ reachable: false, errorKind: 'host-key-changed' });
      expect(byName.get('p2')?.error).toContain(`${p2Global}:1`);
      expect(byName.get('p1')?.reachable).toBe(true);
    } finally {
      write(p2Global, [lineFor('p2')]);
    }
  });
});

describe('picon trust for a node behind a jump host', () => {
  let profile: string;
  let known: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    known = path.join(tmp, 'jump_known_hosts');
    write(known, []);
    profile = writeProfile('lab-trust-jump', (doc) => {
      doc.set('knownHosts', known);
      for (const i of [0, 1, 2]) doc.setIn(['workers', i, 'ssh'], doc.createNode({ jump: 'head' }));
    });
    env = { ...lab.env, HOME: path.join(tmp, 'home-jump') };
  });

  const trust = (node: string) =>
    run(process.execPath, [PICON_BIN, '--profile', profile, 'trust', node, '--yes'], { env, timeoutMs: 30_000 });

  it('says to trust the jump host first while its key is not known, and adds nothing', async () => {
    const r = await trust('p1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p1 is reached through head, whose own host key is not trusted yet; run `picon trust head` first');
    expect(readFileSync(known, 'utf8')).toBe('');
  });

  it("fetches the node's key through the trusted head, and status then reaches the node", async () => {
    const head = await trust('head');
    expect(head.code).toBe(0);
    const p1 = await trust('p1');
    expect(p1.stderr).toBe('');
    expect(p1.code).toBe(0);
    expect(p1.stdout).toContain('through      head');
    expect(p1.stdout).toContain(`Added [${addressOf('p1')}]:2222 to ${known}:2.`);
    expect(readFileSync(known, 'utf8')).toBe(`${lineFor('head')}\n${lineFor('p1')}\n`);

    const { byName } = await status(profile, env);
    expect(byName.get('p1')).toMatchObject({ reachable: true, error: null });
    expect(byName.get('p2')).toMatchObject({ reachable: false, errorKind: 'host-key-unknown' });
  });

  it('goes through the head, not around it: with the head sshd down, trusting p2 fails naming the head', async () => {
    await lab.lab(['kill', 'head', 'sshd']);
    try {
      const r = await trust('p2');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('p2 is reached through head, which cannot be used');
      expect(readFileSync(known, 'utf8')).not.toContain(`[${addressOf('p2')}]`);
      // p2's own sshd is up and directly reachable all along.
      expect((await lab.ssh('p2', 'true')).code).toBe(0);
    } finally {
      await lab.lab(['start', 'head']);
    }
  });

  it('follows a ProxyJump to the head from ~/.ssh/config the same way', async () => {
    const home = path.join(tmp, 'home-proxyjump');
    const bin = path.join(tmp, 'bin-proxyjump');
    const config = path.join(home, '.ssh', 'config');
    write(config, [`Host ${addressOf('pi3')}`, `  ProxyJump ${addressOf('head')}:2222`]);
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`);
    chmodSync(path.join(bin, 'ssh'), 0o755);
    const proxyEnv = { ...lab.env, HOME: home, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    const trustPi3 = () =>
      run(process.execPath, [PICON_BIN, '--profile', profile, 'trust', 'pi3', '--yes'], { env: proxyEnv, timeoutMs: 30_000 });

    await lab.lab(['kill', 'head', 'sshd']);
    try {
      const down = await trustPi3();
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('pi3 is reached through head, which cannot be used');
    } finally {
      await lab.lab(['start', 'head']);
    }
    const up = await trustPi3();
    expect(up.stderr).toBe('');
    expect(up.stdout).toContain('through      head');
    expect(readFileSync(known, 'utf8')).toContain(`${lineFor('pi3')}\n`);
  });
});
