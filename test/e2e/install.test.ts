import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/lab.js';

/**
 * `npm i -g .` and `npx picon` from a clone give the `picon` command. The global install goes to
 * a temporary prefix (never the machine's), and npm runs offline: a folder installs as a link and
 * `npx` finds the project's own bin, so neither needs the registry. Scripts are off: the package's
 * `prepare` would rebuild dist/ in place while the other test files run picon from it (seen in CI:
 * a `picon bench --dry-run` printed nothing, having loaded a half-written file). dist/ is built
 * already (npm test builds first).
 */

const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let prefix: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function exec(program: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      {
        cwd,
        timeout: 60_000,
        env: {
          PATH: process.env['PATH'],
          HOME: path.join(prefix, 'home'),
          npm_config_offline: 'true',
          npm_config_update_notifier: 'false',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_ignore_scripts: 'true',
          npm_config_cache: path.join(os.homedir(), '.npm'),
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
  prefix = mkdtempSync(path.join(os.tmpdir(), 'picon-install-'));
});
afterAll(() => {
  if (prefix !== undefined) rmSync(prefix, { recursive: true, force: true });
});

describe('the picon command', () => {
  it('npm i -g . puts picon on the PATH of that prefix; --version and --help answer', async () => {
    const installed = await exec('npm', ['install', '--global', '--prefix', prefix, '.'], REPO_ROOT);
    expect(installed.code, installed.stderr).toBe(0);
    const command = path.join(prefix, 'bin', 'picon');
    expect(lstatSync(command).isSymbolicLink()).toBe(true);

    const v = await exec(command, ['--version'], prefix);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await exec('picon', ['--help'], prefix, { PATH: `${path.join(prefix, 'bin')}:${process.env['PATH'] ?? ''}` });
    expect(help.code).toBe(0);
    for (const command of ['status', 'drain', 'ready', 'maint', 'weight', 'restart', 'bench', 'wall', 'lab', 'profile', 'trust']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\s+\\S`, 'm'));
    }
  });

  it('picon COMMAND --help gives the usage, and the options where the command has them', async () => {
    const bench = await exec(process.execPath, [path.join(REPO_ROOT, 'bin', 'picon'), 'bench', '--help'], REPO_ROOT);
    expect(bench.code).toBe(0);
    expect(bench.stdout.split('\n')[0]).toBe('usage: picon bench [PRESET] [-c N] [-n N | -d S] | history | compare RUN...');
    for (const flag of ['-c N', '--engine builtin|ab', '--from NODE', '--threads N', '--node NODE', '--url URL', '--format']) expect(bench.stdout).toContain(flag);
    const drain = await exec(process.execPath, [path.join(REPO_ROOT, 'bin', 'picon'), 'drain', '--help'], REPO_ROOT);
    expect(drain.stdout).toMatch(/^ {2}--wait\s+wait until its current sessions reach 0/m);
    const trust = await exec(process.execPath, [path.join(REPO_ROOT, 'bin', 'picon'), 'trust', '--help'], REPO_ROOT);
    expect(trust.stdout).toBe("usage: picon trust NODE\n  Show a node's host key fingerprint and add it to known_hosts\n");
  });

  it('npx picon in the clone runs the project\'s own bin', async () => {
    const v = await exec('npx', ['picon', '--version'], REPO_ROOT);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${version}\n`);
  });
});
