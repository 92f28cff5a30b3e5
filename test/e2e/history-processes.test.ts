import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { historyArchives } from '../../src/adapters/loadtest/history-store.js';

/**
 * The history file under several picon processes at once and under SIGKILL, on real files (no
 * lab): appenders from test/fixtures/history/appender.mjs run picon's store from dist/, with
 * small rotation limits so they rotate often.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APPENDER = path.join(REPO_ROOT, 'test/fixtures/history/appender.mjs');
const ROTATE_AT = 24 * 1024;
const KEEP = 12 * 1024;
const PAD = 900;

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/adapters/loadtest/history-store.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json`');
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-history-procs-'));
  file = path.join(dir, 'bench-history.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

interface Appender {
  readonly child: ChildProcess;
  readonly saved: string[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
}

function startAppender(prefix: string, count: number): Appender {
  const child = spawn(process.execPath, [APPENDER, file, String(count), prefix, String(ROTATE_AT), String(KEEP), String(PAD)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const saved: string[] = [];
  const stderr: string[] = [];
  let rest = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('saved ')) saved.push(line.slice(6));
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, saved, stderr, exited };
}

/** Every line of the live file and the archives: [ids, lines that are not whole records]. */
async function allLines(): Promise<{ ids: string[]; broken: number }> {
  const ids: string[] = [];
  let broken = 0;
  for (const each of [...(await historyArchives(file)), file]) {
    const text = await readFile(each, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        ids.push((JSON.parse(line) as { id: string }).id);
      } catch {
        broken++;
      }
    }
  }
  return { ids, broken };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the history under several picons and kills', () => {
  it('four processes saving 150 runs each while they rotate the file: every run once, in some archive or the live file', async () => {
    const appenders = ['a', 'b', 'c', 'd'].map((p) => startAppender(p, 150));
    const codes = await Promise.all(appenders.map((a) => a.exited));
    expect(codes, appenders.map((a) => a.stderr.join('')).join('\n')).toEqual([0, 0, 0, 0]);
    const { ids, broken } = await allLines();
    expect(broken).toBe(0);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
    const archives = await historyArchives(file);
    const notes = appenders.flatMap((a) => a.stderr.join('').split('\n').filter((l) => l.startsWith('archived ')));
    expect(notes).toHaveLength(archives.length);
    expect(archives.length).toBeGreaterThan(5);
    expect((await stat(file)).size).toBeLessThanOrEqual(ROTATE_AT + PAD * 2);
    expect((await readdir(dir)).filter((n) => n.endsWith('.lock') || n.includes('.rotating-'))).toEqual([]);
  }, 120_000);

  it('SIGKILL at random moments, 40 times: every run a killed picon said was saved is still there; the next picon clears what it left', async () => {
    const saidSaved: string[] = [];
    let leftLock = 0;
    let leftRotation = 0;
    for (let round = 0; round < 40; round++) {
      const appender = startAppender(`k${round}`, 100_000);
      while (appender.saved.length < 3) await sleep(5);
      await sleep(Math.random() * 120);
      appender.child.kill('SIGKILL');
      await appender.exited;
      saidSaved.push(...appender.saved);
      const names = await readdir(dir);
      if (names.some((n) => n.endsWith('.lock'))) leftLock++;
      if (names.some((n) => n.includes('.rotating-'))) leftRotation++;
    }
    const last = startAppender('final', 60);
    expect(await last.exited, last.stderr.join('')).toBe(0);
    saidSaved.push(...last.saved);
    const { ids, broken } = await allLines();
    const present = new Set(ids);
    const lost = saidSaved.filter((id) => !present.has(id));
    expect(lost).toEqual([]);
    expect(broken).toBeLessThanOrEqual(40);
    expect((await readdir(dir)).filter((n) => n.endsWith('.lock') || n.includes('.rotating-'))).toEqual([]);
    console.log(`history kill loop: 40 kills, ${saidSaved.length} runs said saved, 0 lost, ${new Set(ids).size} distinct runs in ${ids.length} lines (${ids.length - new Set(ids).size} duplicates), ${broken} broken lines; left behind after a kill: a lock ${leftLock} times, a rotation temp file ${leftRotation} times`);
  }, 240_000);
});

describe('private dirs under umask 000', () => {
  const PRIVATE = path.join(REPO_ROOT, 'test/fixtures/history/private-dirs.mjs');
  const run = (env: Record<string, string>): string =>
    execFileSync('sh', ['-c', 'umask 000; exec "$0" "$1"', process.execPath, PRIVATE], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const mode = async (p: string): Promise<string> => ((await stat(p)).mode & 0o777).toString(8);

  it('creates the config dir (conf) and the data dir 0700 and their files 0600, parents included', async () => {
    const home = path.join(dir, 'home');
    const out = run({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), PICON_CONFIG_DIR: '', PICON_DATA_DIR: '' });
    const configDir = path.join(home, '.config/picon');
    expect(out.trim().split('\n').at(-1)).toBe(configDir);
    expect(await mode(configDir)).toBe('700');
    expect(await mode(path.join(configDir, 'config.json'))).toBe('600');
    const dataDir = path.join(home, '.local/share/picon');
    expect(await mode(dataDir)).toBe('700');
    expect(await mode(path.join(home, '.local/share'))).toBe('700');
    expect(await mode(path.join(dataDir, 'bench-history.jsonl'))).toBe('600');
    expect(out).not.toMatch(/made it 0700/);
  });

  it('tightens existing 0777 config and data dirs of its own to 0700, and says so for the data dir', async () => {
    const conf = path.join(dir, 'conf');
    const data = path.join(dir, 'data');
    for (const d of [conf, data]) {
      await mkdir(d);
      await chmod(d, 0o777);
    }
    const out = run({ PICON_CONFIG_DIR: conf, PICON_DATA_DIR: data });
    expect(await mode(conf)).toBe('700');
    expect(await mode(data)).toBe('700');
    expect(out).toContain(`${data} was mode 0777; made it 0700 (only you can read it)`);
  });
});
