import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/core/remote/shell-quote.js';
import { PICON_BIN, REPO_ROOT, run, startLab, type LabHandle } from './support/lab.js';
import { tmuxServer, type TmuxServer } from './support/tmux.js';

/**
 * A hot node at a glance (lab on 127.0.51): `picon lab heat pi3` while the console and the
 * wallboard run in tmux; the header names it in red, its TEMP and CLOCK are red; `lab cool`
 * takes the warning away and leaves the since-boot mark; a run on the hot pi3 is left out of the
 * results view's comparison until `f`.
 */

let lab: LabHandle;
let tmux: TmuxServer;
let dataDir = '';

beforeAll(async () => {
  lab = await startLab({ subnet: '127.0.51' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'picon-hot-node-'));
  tmux = tmuxServer(`picon-hot-node-${process.pid}`);
  const env = { PICON_CONFIG_DIR: lab.configDir, PICON_LAB_DIR: lab.dir, PICON_DATA_DIR: dataDir, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  const line = (args: string) => `cd ${shellQuote(REPO_ROOT)} && ${shellQuote(process.execPath)} ${shellQuote(PICON_BIN)} --profile lab ${args}; echo EXITED $?; sleep 60`;
  await tmux.start('console', 120, 40, line(''), env);
  await tmux.start('wall', 160, 48, line('wall'), env);
}, 180_000);

afterAll(async () => {
  await tmux?.kill();
  await lab?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

const row = (s: string, node: string): string => s.split('\n').find((l) => new RegExp(`^[▸ ] ${node}\\s`).test(l)) ?? '';
/** The screen with its colours (SGR sequences kept). */
const coloured = async (session: string): Promise<string> => (await tmux.run('capture-pane', '-e', '-p', '-t', session)).stdout;
/** Red (31, or 41 as a background) set somewhere before `text` on its line, and not reset in between. */
const redBefore = (line: string, text: string): boolean => {
  const at = line.indexOf(text);
  if (at < 0) return false;
  const sgr = [...line.slice(0, at).matchAll(/\x1b\[([\d;]*)m/g)].map((m) => m[1] ?? '');
  const last = sgr.findLastIndex((p) => p.split(';').some((c) => c === '31' || c === '41' || c === '0' || c === '' || c === '39'));
  return last >= 0 && (sgr[last] ?? '').split(';').some((c) => c === '31' || c === '41');
};

describe('a hot node at a glance', () => {
  it('at rest: every worker shows its temperature and clock, no warning in either header', async () => {
    const s = await tmux.waitScreen('console', 'every worker with a temperature', (x) => ['p1', 'p2', 'p3', 'pi3'].every((n) => /\d+\.\dC?\b/.test(row(x, n)) && /\d MHz/.test(row(x, n))), 30_000);
    expect(s.split('\n')[0]).not.toContain('⚠');
    expect(row(s, 'pi3')).toMatch(/1200 MHz/);
    const wall = await tmux.waitScreen('wall', 'the board with every node up', (x) => x.includes('Nodes · 5/5 up'), 30_000);
    expect(wall.split('\n')[0]).toMatch(/^ picon wall · lab/);
  });

  it('lab heat pi3: the console\'s header names it in red, its TEMP and CLOCK are red; the wallboard leads with it', async () => {
    expect((await lab.lab(['heat', 'pi3'])).code).toBe(0);
    const s = await tmux.waitScreen('console', 'the warning in the header', (x) => /⚠ pi3: throttled now, 8\d °C, 600\/1200 MHz/.test(x.split('\n')[0] ?? ''));
    expect(row(s, 'pi3')).toMatch(/8\d\.\d.*600 MHz\s+CAP THR/);
    const colours = await coloured('console');
    const lines = colours.split('\n');
    expect(redBefore(lines[0] ?? '', '⚠ pi3')).toBe(true);
    const pi3 = lines.find((l) => l.replace(/\x1b\[[\d;]*m/g, '').match(/^[▸ ] pi3\s/)) ?? '';
    expect(redBefore(pi3, '600 MHz')).toBe(true);
    expect(redBefore(pi3, row(s, 'pi3').match(/8\d\.\d\S*/)?.[0] ?? 'no temperature')).toBe(true);
    // The others are not named.
    expect(s.split('\n')[0]).not.toMatch(/p1:|p2:|p3:/);

    const wall = await tmux.waitScreen('wall', 'the warning first in the wallboard header', (x) => /^ ⚠ pi3: throttled now, 8\d °C, 600\/1200 MHz · picon wall/.test(x.split('\n')[0] ?? ''));
    expect(wall).toMatch(/│pi3\s+worker\s+up\s+\S+\s+8\d\.\d°C\s+ARM frequency capped/);
  });

  it('lab cool pi3: the warning goes; the row keeps the since-boot mark', async () => {
    expect((await lab.lab(['cool', 'pi3'])).code).toBe(0);
    const s = await tmux.waitScreen('console', 'no warning in the header', (x) => !(x.split('\n')[0] ?? '').includes('⚠') && /was CAP/.test(row(x, 'pi3')));
    expect(row(s, 'pi3')).toMatch(/1200 MHz/);
    await tmux.waitScreen('wall', 'no warning in the wallboard header', (x) => /^ picon wall · lab/.test(x.split('\n')[0] ?? ''));
  });

  it('the results view leaves a run on a hot pi3 out of its comparison, says so in one line, and f shows it', async () => {
    // Into the console's data dir, so its results view reads these runs.
    const bench = () => run(process.execPath, [PICON_BIN, '--profile', 'lab', 'bench', 'home', '-c', '4', '-d', '2', '--json'], { env: { ...lab.env, PICON_DATA_DIR: dataDir }, timeoutMs: 60_000 });
    expect((await lab.lab(['heat', 'pi3'])).code).toBe(0);
    const hot = await bench();
    expect(hot.code, hot.stderr).toBe(0);
    expect((await lab.lab(['cool', 'pi3'])).code).toBe(0);
    // Cooled: the since-boot bits were set before this run started, so it is not flagged.
    const cool = await bench();
    expect(cool.code, cool.stderr).toBe(0);
    expect((JSON.parse(hot.stdout) as { flags?: unknown[] }).flags?.length).toBeGreaterThan(0);
    expect((JSON.parse(cool.stdout) as { flags?: unknown[] }).flags ?? []).toEqual([]);

    await tmux.keys('console', 'l');
    const without = await tmux.waitScreen('console', 'the results view with the hot run left out', (x) => x.includes('─ Last load test') && x.includes('flagged run left out'));
    expect(without).toMatch(/1 flagged run left out \(pi3 [^)]*\); f to show it/);
    expect(without).toContain('The one run so far');
    await tmux.keys('console', 'f');
    const withIt = await tmux.waitScreen('console', 'both runs in the comparison', (x) => !x.includes('flagged run left out') && /─ (The last 2 runs side by side, newest last|The last run \(too narrow for more side by side\)) ─/.test(x));
    expect(withIt).toContain('─ Last load test');
    await tmux.keys('console', 'f');
    await tmux.waitScreen('console', 'the hot run left out again', (x) => x.includes('1 flagged run left out'));
    await tmux.keys('console', 'Escape');
    await tmux.waitScreen('console', 'the nodes table again', (x) => !x.includes('─ Last load test') && x.includes('─ Throughput'));
  }, 120_000);
});
