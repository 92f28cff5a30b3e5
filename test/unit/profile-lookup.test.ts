import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfileForCommand, ProfileInvalidError, profileEnvironment } from '../../src/adapters/profile/load-profile.js';
import { listKnownProfiles } from '../../src/adapters/profile/profile-sources.js';
import { openUserSettings } from '../../src/adapters/files/user-settings.js';
import type { CommandContext } from '../../src/cli/command.js';
import { UsageError } from '../../src/cli/exit-codes.js';

function profileText(headName: string): string {
  return `head: { name: ${headName}, address: lb, haproxy: { sockets: [/run/haproxy/admin.sock] } }\nworkers: [{ name: w1, address: w1 }]\n`;
}

let tmp: string;
let env: NodeJS.ProcessEnv;
let packageRoot: string;

function write(relative: string, text: string): string {
  const file = path.join(tmp, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function context(profile?: string): CommandContext {
  return {
    globals: { json: false, yes: false, dryRun: false, readOnly: false, ...(profile !== undefined && { profile }) },
    args: [],
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    packageRoot,
  };
}

async function headOf(profile?: string): Promise<string> {
  return (await loadProfileForCommand(context(profile))).head.name;
}

async function failure(profile?: string): Promise<UsageError> {
  const error = await loadProfileForCommand(context(profile)).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof UsageError)) throw new Error(`expected a UsageError, got ${String(error)}`);
  return error;
}

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'picon-profile-lookup-'));
  env = { PICON_CONFIG_DIR: path.join(tmp, 'config'), HOME: path.join(tmp, 'home') };
  packageRoot = path.join(tmp, 'repo');
  // "alpha" exists in all three places, "beta" in the config dir and the repo, "gamma" only in the repo.
  const registered = write('elsewhere/alpha-lab.yaml', profileText('alpha-registered'));
  openUserSettings(env).registerProfile('alpha', registered);
  write('config/profiles/alpha.yaml', profileText('alpha-config'));
  write('config/profiles/beta.yaml', profileText('beta-config'));
  write('repo/profiles/alpha.yaml', profileText('alpha-repo'));
  write('repo/profiles/beta.yaml', profileText('beta-repo'));
  write('repo/profiles/gamma.yml', profileText('gamma-repo'));
  write('repo/profiles/README.md', 'not a profile');
});

afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('profile lookup', () => {
  it('looks a name up in registered profiles, then the config dir, then the repo', async () => {
    expect(await headOf('alpha')).toBe('alpha-registered');
    expect(await headOf('beta')).toBe('beta-config');
    expect(await headOf('gamma')).toBe('gamma-repo');
  });

  it('takes anything with a "/" or a YAML extension as a path', async () => {
    const file = write('somewhere/mine.yaml', profileText('from-path'));
    expect(await headOf(file)).toBe('from-path');
    const error = await failure('alpha.yaml');
    expect(error.message).toMatch(/alpha\.yaml: does not exist$/);
  });

  it('uses the default from `profile use` when no --profile is given, and --profile over it', async () => {
    openUserSettings(env).setDefaultProfile('gamma');
    expect(await headOf()).toBe('gamma-repo');
    expect(await headOf('beta')).toBe('beta-config');
  });

  it('says how to choose a profile when none is given and there is no default', async () => {
    const error = await failure();
    expect(error.message).toBe('no cluster profile chosen');
    expect(error.hint).toContain('--profile NAME|PATH');
    expect(error.hint).toContain('picon profile use NAME');
    expect(error.hint).toContain('picon lab up');
  });

  it('lists the known names, closest first, for an unknown name', async () => {
    const error = await failure('gama');
    expect(error.message).toBe('no profile named "gama"');
    expect(error.hint).toBe('Known profiles: gamma, beta, alpha. A file works too: --profile PATH.');
  });

  it('says when the default itself is gone', async () => {
    openUserSettings(env).setDefaultProfile('removed');
    const error = await failure();
    expect(error.message).toBe('no profile named "removed" (the default, set with `picon profile use`)');
  });

  it('reports an invalid profile as a one-line UsageError naming file, field and line', async () => {
    write('config/profiles/broken.yaml', 'head: { address: lb, haproxy: { sockets: [/a] } }\nworkers:\n  - name: "w1;reboot"\n    address: w1\n  - name: w2\n');
    const error = await failure('broken');
    expect(error).toBeInstanceOf(ProfileInvalidError);
    expect(error.message).toBe(
      `${path.join(tmp, 'config/profiles/broken.yaml')}:3:11: workers[0].name: must be letters, digits, ".", "_" or "-", 1 to 64 characters (got "w1;reboot")`,
    );
    expect(error.message).not.toContain('\n');
    expect(error.hint).toContain('1 more problem: see them all with `picon profile validate');
    expect((error as ProfileInvalidError).errors.map((e) => e.path)).toEqual(['workers[0].name', 'workers[1].address']);
  });

  it('names the registration when a registered file has gone', async () => {
    openUserSettings(env).registerProfile('lab', path.join(tmp, 'lab/gone.yaml'));
    const error = await failure('lab');
    expect(error.message).toBe(`${path.join(tmp, 'lab/gone.yaml')}: does not exist (registered as profile "lab")`);
  });

  it('lists every profile in lookup order, marking the ones a same-named profile hides', async () => {
    const known = await listKnownProfiles(profileEnvironment({ env, packageRoot }).sources);
    expect(known.map((p) => [p.name, p.source, p.active])).toEqual([
      ['alpha', 'registered', true],
      ['alpha', 'config', false],
      ['beta', 'config', true],
      ['alpha', 'repo', false],
      ['beta', 'repo', false],
      ['gamma', 'repo', true],
    ]);
  });
});
