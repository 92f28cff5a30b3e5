import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkReportDir, writeReportFiles } from '../../src/adapters/study/report-files.js';
import { LATENCY_SVG, REPORT_MD, RPS_SVG, studyReportFiles } from '../../src/core/study/study-report-files.js';
import { SEED_STUDY } from './study-report-fixtures.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'picon-report-'));
});
afterEach(async () => {
  await chmod(tmp, 0o700).catch(() => undefined);
  await rm(tmp, { recursive: true, force: true });
});

describe('--report DIR, checked before the study runs', () => {
  it('takes a new directory (made when written) or an empty one', async () => {
    expect(await checkReportDir(path.join(tmp, 'new', 'deeper'), false)).toEqual({ ok: true, value: path.join(tmp, 'new', 'deeper') });
    await mkdir(path.join(tmp, 'empty'));
    expect((await checkReportDir(path.join(tmp, 'empty'), false)).ok).toBe(true);
  });

  it('refuses a directory with files in it, in one line naming it, unless --force', async () => {
    const dir = path.join(tmp, 'full');
    await mkdir(dir);
    for (const f of ['notes.txt', 'a.png', 'report.md', 'z']) await writeFile(path.join(dir, f), 'x');
    const refused = await checkReportDir(dir, false);
    expect(refused).toEqual({ ok: false, reason: `--report ${dir}: the directory is not empty (4 files: a.png, notes.txt, report.md, …); give a new or empty directory, or --force to write the report into it` });
    expect((await checkReportDir(dir, true)).ok).toBe(true);
  });

  it('refuses a file where the directory should be, and a path through a file', async () => {
    const file = path.join(tmp, 'file');
    await writeFile(file, 'x');
    expect(await checkReportDir(file, true)).toEqual({ ok: false, reason: `--report ${file}: is not a directory` });
    expect(await checkReportDir(path.join(file, 'sub'), false)).toEqual({ ok: false, reason: `--report ${path.join(file, 'sub')}: a part of the path is not a directory` });
  });
});

describe('writing the report', () => {
  it('writes the two charts and report.md, whole, and nothing else', async () => {
    const dir = path.join(tmp, 'out');
    const files = studyReportFiles(SEED_STUDY);
    expect(files.map((f) => f.name)).toEqual([RPS_SVG, LATENCY_SVG, REPORT_MD]);
    const written = await writeReportFiles(dir, files);
    expect(written).toEqual({ ok: true, value: files.map((f) => path.join(dir, f.name)) });
    expect((await readdir(dir)).sort()).toEqual([REPORT_MD, LATENCY_SVG, RPS_SVG].sort());
    for (const f of files) expect(await readFile(path.join(dir, f.name), 'utf8')).toBe(f.content);
    const md = await readFile(path.join(dir, REPORT_MD), 'utf8');
    expect(md).toContain(`](${RPS_SVG})`);
    expect(md).toContain(`](${LATENCY_SVG})`);
  });

  it('with --force, replaces its own files and leaves the others alone', async () => {
    const dir = path.join(tmp, 'again');
    await mkdir(dir);
    await writeFile(path.join(dir, REPORT_MD), 'an old report');
    await writeFile(path.join(dir, 'keep.txt'), 'mine');
    expect((await writeReportFiles(dir, studyReportFiles(SEED_STUDY))).ok).toBe(true);
    expect(await readFile(path.join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(dir, REPORT_MD), 'utf8')).toContain('# Study 20171104-120000-abc');
  });

  it('stops at the first file it cannot write, names it, writes no report.md and leaves no temp file', async () => {
    const dir = path.join(tmp, 'blocked');
    await mkdir(path.join(dir, LATENCY_SVG), { recursive: true });
    await writeFile(path.join(dir, LATENCY_SVG, 'x'), 'x');
    const result = await writeReportFiles(dir, studyReportFiles(SEED_STUDY));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(new RegExp(`^--report ${dir}: could not write ${LATENCY_SVG}: `));
    expect((await readdir(dir)).sort()).toEqual([LATENCY_SVG, RPS_SVG].sort());
  });

  it('a process killed while writing leaves no report.md, or a whole one — never half of it', async () => {
    // A child (the built module: npm test builds dist/ first) writes a 64 MiB report.md — long enough
    // to be killed mid-write — after a chart, and is SIGKILLed at a varying moment.
    const moduleUrl = pathToFileURL(path.resolve('dist/adapters/study/report-files.js')).href;
    const size = 64 * 1024 * 1024;
    const script = `
      const { writeReportFiles } = await import(${JSON.stringify(moduleUrl)});
      process.stdout.write('go\\n');
      await writeReportFiles(process.argv[1], [{ name: 'study-rps.svg', content: '<svg/>' }, { name: 'report.md', content: 'r'.repeat(${size}) }]);
      process.stdout.write('done\\n');`;
    const outcomes = { none: 0, whole: 0 };
    for (const delayMs of [0, 20, 60, 120, 250]) {
      const dir = path.join(tmp, `kill-${delayMs}`);
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      // Listened for from the start: a writer that finishes before the kill has closed already.
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const started = await Promise.race([new Promise<boolean>((resolve) => child.stdout.once('data', () => resolve(true))), closed.then(() => false)]);
      expect(started, 'the writer started').toBe(true);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await closed;
      const report = path.join(dir, REPORT_MD);
      if (!existsSync(report)) outcomes.none++;
      else {
        expect((await stat(report)).size).toBe(size);
        outcomes.whole++;
      }
      // What a kill can leave is a hidden temp file, never a visible partial one.
      for (const name of existsSync(dir) ? await readdir(dir) : []) expect([REPORT_MD, RPS_SVG].includes(name) || name.startsWith('.')).toBe(true);
    }
    console.log(`killed 5 report writers: ${outcomes.none} left no report.md, ${outcomes.whole} a whole one, 0 a partial one`);
    expect(outcomes.none + outcomes.whole).toBe(5);
    expect(outcomes.none).toBeGreaterThan(0);
    // Five node processes started one after another: seconds on a loaded 2-core machine.
  }, 60_000);
});
