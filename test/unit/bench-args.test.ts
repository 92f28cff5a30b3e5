import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every bench script answers --help with its usage, and a bad option or number with one line and exit 2. */

const BENCH = path.resolve(import.meta.dirname, '..', 'bench');
const scripts = readdirSync(BENCH).filter((f) => f.endsWith('.mjs') && f !== 'bench-args.mjs' && f !== 'synthetic-cluster.mjs' && f !== 'proc-cpu.mjs');
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [path.join(BENCH, script), ...args], { encoding: 'utf8', timeout: 20_000 });

describe('bench scripts', () => {
  it('are all covered here', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(10);
  });

  it.each(scripts)('%s --help prints its usage and runs nothing', (script) => {
    const r = run(script, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`test/bench/${script}`);
    expect(r.stderr).toBe('');
  });

  it.each(scripts)('%s --no-such-option: one line, exit 2', (script) => {
    const r = run(script, '--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${script}: Unknown option '--no-such-option' (--help shows the options)\n`);
  });

  it('a number option given a word is refused in one line', () => {
    const r = run('status.mjs', '--runs', 'seven');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('status.mjs: --runs must be a number ≥ 0 (got "seven") (--help shows the options)\n');
  });
});
