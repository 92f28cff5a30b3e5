import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, REPO_ROOT } from './support/lab.js';

/**
 * `picon bench` before anything runs: --dry-run says exactly what would run, and bad flags are one
 * line and exit 2. The shipped Pi cluster profile (no cluster needed: nothing is contacted).
 */

let home: string;

function bench(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PICON_BIN, '--profile', path.join(REPO_ROOT, 'profiles', 'pi-cluster.yaml'), 'bench', ...args],
      { env: { PATH: process.env['PATH'], HOME: home, PICON_CONFIG_DIR: path.join(home, 'config'), PICON_DATA_DIR: path.join(home, 'data') }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
  home = mkdtempSync(path.join(os.tmpdir(), 'picon-bench-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('picon bench with no preset', () => {
  it('lists the profile\'s presets on stdout, exit 0; with --json as data', async () => {
    const r = await bench();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Presets of pi-cluster (run one: picon bench PRESET):');
    expect(r.stdout).toMatch(/^ {2}homepage {7}The cached homepage through HAProxy/m);
    const json = await bench('--json');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { schemaVersion: number; presets: { name: string }[] };
    expect(list.schemaVersion).toBe(1);
    expect(list.presets.map((p) => p.name)).toEqual(['homepage', 'uncached', 'pi3-nginx', 'pi3-app', 'zero-app']);
  });
});

describe('picon bench --dry-run', () => {
  it('says what the built-in engine would run, threads included when set, and runs nothing', async () => {
    expect(await bench('homepage', '--dry-run')).toEqual({
      code: 0,
      stdout: 'homepage → GET http://piclusternode0/ (built-in engine, -c 100, 10000 requests); not run (--dry-run)\n',
      stderr: '',
    });
    const threaded = await bench('pi3-app', '--threads', '2', '-c', '8', '-d', '5', '--dry-run');
    expect(threaded).toEqual({
      code: 0,
      stdout: 'pi3-app → GET http://pi3:4567/api/uncached (built-in engine, 2 threads, -c 8, 5 s); not run (--dry-run)\n',
      stderr: '',
    });
    expect(existsSync(path.join(home, 'data', 'bench-history.jsonl'))).toBe(false);
  });

  it('with --json: the plan as data, the ab command line as its words', async () => {
    const r = await bench('homepage', '--engine', 'ab', '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { schemaVersion: number; dryRun: boolean; plan: { url: string; engine: string; from: string }; abCommand: string[] };
    expect(out).toMatchObject({ schemaVersion: 1, dryRun: true, plan: { url: 'http://piclusternode0/', engine: 'ab', from: 'piclusternode0' } });
    expect(out.abCommand.join(' ')).toBe('ab -r -s 30 -c 100 -k -n 10000 http://piclusternode0/');
  });

  it('prints the exact ab command line it would run on the head', async () => {
    const r = await bench('homepage', '--engine', 'ab', '--dry-run');
    expect(r.stdout).toBe('homepage → GET http://piclusternode0/ (on piclusternode0: ab -r -s 30 -c 100 -k -n 10000 http://piclusternode0/); not run (--dry-run)\n');
  });

  it.each([
    [['homepage', '--threads', '0'], '--threads: 0 is not allowed; give a whole number of threads from 1 to 16'],
    [['homepage', '--threads', '17'], '--threads: 17 is not allowed; give a whole number of threads from 1 to 16'],
    [['homepage', '--threads', '2', '--engine', 'ab'], '--threads is for the built-in engine (ab runs one thread)'],
    [['homepage', '-n', '500000'], '-n: 500000 is not allowed; give a whole number of requests from 1 to 200000'],
    [['home'], 'no preset named "home" (presets: homepage, uncached, pi3-nginx, pi3-app, zero-app)'],
  ])('%j → one line, exit 2', async (args, message) => {
    const r = await bench(...args, '--dry-run');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`picon: ${message}`);
  });
});
