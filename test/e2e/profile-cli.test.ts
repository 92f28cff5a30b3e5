import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** `picon profile …` through the built binary (run `npx tsc -p tsconfig.build.json` first); no lab needed. */

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin/picon');
let configDir: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function picon(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { PATH: process.env['PATH'], HOME: path.join(configDir, 'home'), PICON_CONFIG_DIR: configDir }, timeout: 15_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
});
beforeEach(() => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'picon-profile-cli-'));
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

describe('picon profile validate', () => {
  it('exits 0 and says ok for the shipped profile', async () => {
    const run = await picon('profile', 'validate', 'profiles/pi-cluster.yaml');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('ok  profiles/pi-cluster.yaml  (pi-cluster: head piclusternode0, 6 workers, 5 load tests)\n');
  });

  it('exits 2 when any file is invalid, printing each problem with file:line:column', async () => {
    const run = await picon(
      'profile', 'validate', 'test/fixtures/profiles/good/minimal.yaml',
      'test/fixtures/profiles/broken/name-injection.yaml', 'test/fixtures/profiles/broken/unknown-top-level.yaml',
    );
    expect(run.code).toBe(2);
    expect(run.stdout.split('\n')).toEqual([
      'ok  test/fixtures/profiles/good/minimal.yaml  (minimal: head head, 1 worker, 0 load tests)',
      'test/fixtures/profiles/broken/name-injection.yaml:10:11: workers[2].name: must be letters, digits, ".", "_" or "-", 1 to 64 characters (got "p1;reboot")',
      'test/fixtures/profiles/broken/unknown-top-level.yaml:1:1: workers: is required',
      'test/fixtures/profiles/broken/unknown-top-level.yaml:5:1: worker: unknown field (did you mean "workers"?)',
      '',
    ]);
  });

  it('exits 2 for a missing file and for no file at all', async () => {
    const missing = await picon('profile', 'validate', 'profiles/nope.yaml');
    expect(missing).toMatchObject({ code: 2, stdout: 'profiles/nope.yaml: does not exist\n' });
    const none = await picon('profile', 'validate');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('picon: profile validate needs at least one file');
  });

  it('gives every error as data with --json', async () => {
    const run = await picon('--json', 'profile', 'validate', 'test/fixtures/profiles/broken/port-as-text.yaml');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      schemaVersion: 1,
      files: [{
        file: 'test/fixtures/profiles/broken/port-as-text.yaml',
        ok: false,
        errors: [{ file: 'test/fixtures/profiles/broken/port-as-text.yaml', path: 'ssh.port', line: 2, column: 9, message: 'must be a number (got "22")' }],
      }],
    });
  });
});

describe('picon profile use, list and show', () => {
  it('says how to choose a profile when there is none', async () => {
    const run = await picon('profile', 'show');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('picon: no cluster profile chosen');
    expect(run.stderr).toContain('picon profile use NAME');
  });

  it('sets the default after checking it loads, then list and show use it', async () => {
    const use = await picon('profile', 'use', 'pi-cluster');
    expect(use.code).toBe(0);
    expect(use.stdout).toContain('Default profile: pi-cluster');

    const list = await picon('--json', 'profile', 'list');
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { default: string; profiles: { name: string; source: string; default: boolean; valid: boolean }[] };
    expect(listed.default).toBe('pi-cluster');
    expect(listed.profiles).toContainEqual(expect.objectContaining({ name: 'pi-cluster', source: 'repo', default: true, valid: true }));

    const human = await picon('profile', 'list');
    expect(human.stdout).toMatch(/^\*\s+pi-cluster\s+repo\s+ok\s+profiles\/pi-cluster\.yaml$/m);

    const show = await picon('--json', 'profile', 'show');
    const shown = JSON.parse(show.stdout) as { name: string; head: { name: string }; workers: { name: string; ssh: { jump?: string } }[] };
    expect(shown.name).toBe('pi-cluster');
    expect(shown.head.name).toBe('piclusternode0');
    expect(shown.workers.find((w) => w.name === 'p1')?.ssh.jump).toBe('piclusternode0');

    const yaml = await picon('profile', 'show', 'pi-cluster');
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toContain('  name: piclusternode0\n');
  });

  it('refuses an invalid profile as the default and keeps the old one', async () => {
    await picon('profile', 'use', 'pi-cluster');
    const broken = path.join(configDir, 'broken.yaml');
    writeFileSync(broken, 'head: { address: lb }\nworkers: []\n');
    const run = await picon('profile', 'use', broken);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.yaml:1:1: head\.haproxy: is required/);
    const list = JSON.parse((await picon('--json', 'profile', 'list')).stdout) as { default: string };
    expect(list.default).toBe('pi-cluster');
  });

  it('exits 2 for an unknown name, listing the known ones', async () => {
    const run = await picon('--profile', 'pi-clustr', 'profile', 'show');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('picon: no profile named "pi-clustr"\n  Known profiles: pi-cluster. A file works too: --profile PATH.\n');
  });

  it('exits 2 for an unknown subcommand', async () => {
    const run = await picon('profile', 'frobnicate');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown subcommand "frobnicate"');
  });
});
