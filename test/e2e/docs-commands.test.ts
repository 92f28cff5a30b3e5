import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { allDocCommands, commandWords, docCommands, type DocCommand } from './support/doc-commands.js';
import { REPO_ROOT, startLab, type LabHandle } from './support/lab.js';

/**
 * Every picon command shown in README.md and docs/*.md runs on a real lab and exits as the text
 * says, or the doc marks it as not run and says why (docs/lab.md, "The docs test"). The docs' lab
 * is the default one on 127.0.2; this one runs on 127.0.48, so addresses are moved over.
 */

const SUBNET = '127.0.48';
/** Runs longer than the test's budget, checked as a plan instead (`--dry-run`). */
const DRY_RUN: ReadonlyMap<string, string> = new Map([['picon bench node-nginx --node pi3 -c 50 -d 20', 'a 20 s load test']]);
const ACTIONS = ['drain', 'ready', 'maint', 'weight', 'restart'];
/** Shown in docs/load-tests.md against the default presets (a profile without `loadTests`). */
const DEFAULT_PRESETS_DOC = path.join('docs', 'load-tests.md');

let lab: LabHandle;
let work: string;
let defaultsProfile: string;

beforeAll(async () => {
  lab = await startLab({ subnet: SUBNET });
  work = await mkdtemp(path.join(os.tmpdir(), 'picon-docs-'));
  const profile = parse(await readFile(lab.profilePath, 'utf8')) as Record<string, unknown>;
  delete profile['loadTests'];
  profile['name'] = 'lab-defaults';
  defaultsProfile = path.join(work, 'lab-defaults.yaml');
  // The load tests' history goes to the test's own data dir (lab.picon runs with this env).
  lab.env['PICON_DATA_DIR'] = path.join(work, 'data');
  await writeFile(defaultsProfile, stringify(profile));
}, 180_000);

afterAll(async () => {
  await lab?.stop();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

function argsFor(command: DocCommand): string[] {
  const words = commandWords(command.text, { 'NAME|PATH': 'lab', 'FILE...': lab.profilePath, NODE: 'p1', SERVICE: 'nginx', 'VALUE|PCT%': '2' }).map((w) => w.replaceAll('127.0.2.', `${SUBNET}.`));
  const args = [...words];
  if (args[0] === 'lab') args.push('--dir', lab.dir, ...(args[1] === 'up' ? ['--subnet', SUBNET] : []));
  else if (!args.includes('--profile')) args.unshift('--profile', command.file === DEFAULT_PRESETS_DOC ? defaultsProfile : 'lab');
  // Actions show their plan on the lab and change nothing, so the commands after them see the same lab.
  if (DRY_RUN.has(command.text) || ACTIONS.includes(words[0] ?? '')) args.push('--dry-run');
  return args;
}

describe('the docs extractor', () => {
  it('finds commands in sh, console and plain blocks, with their markers and promised exits', () => {
    const text = [
      '```sh',
      'picon status            # one snapshot',
      '$ picon bogus --x       # exits 2',
      'picon --profile lab     # the console (not run: needs a terminal)',
      'echo picon status',
      '```',
      '<!-- not-run: a synopsis -->',
      '```',
      'picon drain NODE',
      '```',
      '```text',
      'picon lab  HAProxy 2.6',
      '```',
    ].join('\n');
    expect(docCommands('x.md', text)).toEqual([
      { file: 'x.md', line: 2, text: 'picon status', expectedExit: 0 },
      { file: 'x.md', line: 3, text: 'picon bogus --x', expectedExit: 2 },
      { file: 'x.md', line: 4, text: 'picon --profile lab', expectedExit: 0, notRun: 'needs a terminal' },
      { file: 'x.md', line: 9, text: 'picon drain NODE', expectedExit: 0, notRun: 'a synopsis' },
    ]);
    expect(commandWords('picon bench history [--all] [--json]', {})).toEqual(['bench', 'history']);
    expect(commandWords('picon drain   NODE [--wait [--wait-timeout SECONDS]] [--force]', { NODE: 'p1' })).toEqual(['drain', 'p1']);
  });
});

describe('every command in README.md and docs/*.md', () => {
  const commands = allDocCommands(REPO_ROOT);
  // `lab down` stops the lab the others run on: last.
  const ordered = [...commands.filter((c) => !/\blab down\b/.test(c.text)), ...commands.filter((c) => /\blab down\b/.test(c.text))];

  it('there are commands to check, and every one is run or marked with why not', () => {
    expect(commands.filter((c) => c.notRun === undefined).length).toBeGreaterThan(10);
    for (const c of commands) if (c.notRun !== undefined) expect(c.notRun.trim(), `${c.file}:${c.line}`).not.toBe('');
  });

  for (const command of ordered.filter((c) => c.notRun === undefined)) {
    it(`${command.file}:${command.line} ${command.text} exits ${command.expectedExit}`, async () => {
      const args = argsFor(command);
      const r = await lab.picon(args, { timeoutMs: 60_000 });
      expect(r.code, `picon ${args.join(' ')}: ${r.stderr.trim()}`).toBe(command.expectedExit);
    }, 70_000);
  }
});
