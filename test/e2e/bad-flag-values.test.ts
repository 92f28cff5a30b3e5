import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICON_BIN, REPO_ROOT } from './support/lab.js';

/**
 * Every numeric or enumerated flag of every command, given a bad value through the real binary:
 * one line naming the flag, the value and what is allowed, nothing on stdout, exit 2. Nothing is
 * contacted (the values are refused before the profile is read), so no lab is needed.
 */

let home: string;

function picon(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PICON_BIN, '--profile', path.join(REPO_ROOT, 'profiles', 'pi-cluster.yaml'), ...args],
      { env: { PATH: process.env['PATH'], HOME: home, PICON_CONFIG_DIR: path.join(home, 'config'), PICON_DATA_DIR: path.join(home, 'data'), PICON_LAB_DIR: path.join(home, 'lab') }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
  home = mkdtempSync(path.join(os.tmpdir(), 'picon-bad-flags-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const WAIT = 'give seconds from 1 to 86400';
const LOCK = 'give seconds from 0 to 3600';
const STATUS = 'give seconds from 1 to 120';
const CONC = 'give a whole number of connections from 1 to 1000';
const REQS = 'give a whole number of requests from 1 to 200000';
const SECS = 'give a whole number of seconds from 1 to 300';
const THREADS = 'give a whole number of threads from 1 to 16';
const WORKERS = 'give a whole number of workers from 1 to 200';

describe('a bad flag value is one line naming the flag, the value and what is allowed; exit 2', () => {
  it.each([
    [['drain', 'p1', '--wait', '--wait-timeout', '-5'], `drain: --wait-timeout: -5 is not allowed; ${WAIT}`],
    [['drain', 'p1', '--wait', '--wait-timeout', '0'], `drain: --wait-timeout: 0 is not allowed; ${WAIT}`],
    [['drain', 'p1', '--wait', '--wait-timeout', 'later'], `drain: --wait-timeout: later is not allowed; ${WAIT}`],
    [['drain', 'p1', '--wait', '--wait-timeout', ''], `drain: --wait-timeout: "" is not allowed; ${WAIT}`],
    [['drain', 'p1', '--wait', '--wait-timeout', '99999'], `drain: --wait-timeout: 99999 is not allowed; ${WAIT}`],
    [['ready', 'p1', '--lock-wait', '-1'], `ready: --lock-wait: -1 is not allowed; ${LOCK}`],
    [['maint', 'p1', '--lock-wait', 'ages'], `maint: --lock-wait: ages is not allowed; ${LOCK}`],
    [['restart', 'p1', 'nginx', '--lock-wait', '4000'], `restart: --lock-wait: 4000 is not allowed; ${LOCK}`],
    [['weight', 'p1', '-2'], 'weight: VALUE: -2 is not allowed; give a weight from 0 to 256 or a percentage such as 50%'],
    [['weight', 'p1', '300'], 'weight: weight 300 is too big: use 0..256 or a percentage of the configured weight such as 50%'],
    [['status', '--timeout', '-5'], `--timeout: -5 is not allowed; ${STATUS}`],
    [['status', '--timeout', '0'], `--timeout: 0 is not allowed; ${STATUS}`],
    [['status', '--timeout', 'five'], `--timeout: five is not allowed; ${STATUS}`],
    [['status', '--timeout='], `--timeout: "" is not allowed; ${STATUS}`],
    [['status', '--timeout', '121'], `--timeout: 121 is not allowed; ${STATUS}`],
    [['--interval', '-1'], '--interval: -1 is not allowed; give seconds from 0.2 to 60'],
    [['--interval', '0'], '--interval: 0 is not allowed; give seconds from 0.2 to 60'],
    [['--interval', 'fast'], '--interval: fast is not allowed; give seconds from 0.2 to 60'],
    [['--interval', '61'], '--interval: 61 is not allowed; give seconds from 0.2 to 60'],
    [['bench', 'homepage', '-c', '-5'], `-c: -5 is not allowed; ${CONC}`],
    [['bench', 'homepage', '-c', '0'], `-c: 0 is not allowed; ${CONC}`],
    [['bench', 'homepage', '-c', 'many'], `-c: many is not allowed; ${CONC}`],
    [['bench', 'homepage', '-c', ''], `-c: "" is not allowed; ${CONC}`],
    [['bench', 'homepage', '-c', '1001'], `-c: 1001 is not allowed; ${CONC}`],
    [['bench', 'homepage', '-n', '-1'], `-n: -1 is not allowed; ${REQS}`],
    [['bench', 'homepage', '-n', '1.5'], `-n: 1.5 is not allowed; ${REQS}`],
    [['bench', 'homepage', '-n', '500000'], `-n: 500000 is not allowed; ${REQS}`],
    [['bench', 'homepage', '-d', '0'], `-d: 0 is not allowed; ${SECS}`],
    [['bench', 'homepage', '-d', '301'], `-d: 301 is not allowed; ${SECS}`],
    [['bench', 'homepage', '--threads', '-2'], `--threads: -2 is not allowed; ${THREADS}`],
    [['bench', 'homepage', '--threads', '17'], `--threads: 17 is not allowed; ${THREADS}`],
    [['bench', 'homepage', '--engine', 'wrk'], '--engine: wrk is not allowed; give one of builtin or ab'],
    [['bench', 'homepage', '--engine', ''], '--engine: "" is not allowed; give one of builtin or ab'],
    [['bench', 'compare', 'last', '--format', 'xml'], '--format: xml is not allowed; give one of human, md, csv or json'],
    [['lab', 'up', '--workers', '-3'], `--workers: -3 is not allowed; ${WORKERS}`],
    [['lab', 'up', '--workers', '0'], `--workers: 0 is not allowed; ${WORKERS}`],
    [['lab', 'up', '--workers', 'ten'], `--workers: ten is not allowed; ${WORKERS}`],
    [['lab', 'up', '--workers', '201'], `--workers: 201 is not allowed; ${WORKERS}`],
    [['lab', 'up', '--workers='], `--workers: "" is not allowed; ${WORKERS}`],
    [['lab', 'up', '--subnet', '10.0.0'], '--subnet: 10.0.0 is not allowed; give a loopback /24 as 127.K.L, such as 127.0.2'],
    [['lab', 'up', '--subnet', '127.0.300'], '--subnet: 127.0.300 is not allowed; give a loopback /24 as 127.K.L, such as 127.0.2'],
  ])('%j', async (args, message) => {
    const r = await picon(args);
    expect(r.stderr.split('\n')[0]).toBe(`picon: ${message}`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
