import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicWriteCommand, atomicWriteFailure, atomicWriteStdin, parseAtomicWriteOutput, sha256, type AtomicWrite } from '../../src/core/actions/atomic-write.js';
import { shellQuote } from '../../src/core/remote/shell-quote.js';

/**
 * The remote script that replaces haproxy.cfg (and the server-state file), run here with the
 * machine's own sh and coreutils exactly as a node's login shell would run the command text.
 * A fake `haproxy` first on the PATH stands in for `haproxy -c`: it fails on a config holding
 * the word "wieght", naming the file it was given.
 */

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() ?? '', { recursive: true, force: true });
});

function workDir(): { dir: string; bin: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-atomic-'));
  dirs.push(dir);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const fake = '#!/bin/sh\n[ "$1 $2" = "-c -f" ] || exit 2\nif grep -q wieght "$3"; then echo "[ALERT] config : parsing [$3:3] : unknown keyword \'wieght\'" >&2; exit 1; fi\necho "Configuration file is valid"\n';
  writeFileSync(path.join(bin, 'haproxy'), fake, { mode: 0o755 });
  return { dir, bin };
}

function run(write: AtomicWrite, content: string, bin: string, stdin = atomicWriteStdin(content)) {
  const r = spawnSync('/bin/sh', ['-c', atomicWriteCommand(write).text], {
    input: stdin,
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
  });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const write = (file: string, extra: Partial<AtomicWrite> = {}): AtomicWrite => ({
  file,
  reference: file,
  check: true,
  backup: `${file}.picon-20260105T122707.910Z.bak`,
  keepBackups: 5,
  sudo: false,
  ...extra,
});

const siblings = (dir: string): string[] => readdirSync(dir).filter((n) => n !== 'bin').sort();

describe('atomicWriteCommand: the replace script', () => {
  it.each([
    ['plain', 'haproxy.cfg'],
    ['a space', 'my haproxy.cfg'],
    ['a single quote', "it's.cfg"],
    ['shell syntax', '$(touch pwned) `id` ;|&.cfg'],
    ['glob characters', '[a]*?.cfg'],
    ['a leading dash', '-rf.cfg'],
    ['a newline', 'two\nlines.cfg'],
    ['UTF-8', 'konfigürasyon.cfg'],
  ])('a file name with %s: replaced, owner and mode kept, the old text backed up, no temp left', (_, name) => {
    const { dir, bin } = workDir();
    const file = path.join(dir, name);
    writeFileSync(file, 'global\n  maxconn 10\n');
    chmodSync(file, 0o640);
    const r = run(write(file), 'global\n  maxconn 20\n', bin);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(readFileSync(file, 'utf8')).toBe('global\n  maxconn 20\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${file}.picon-20260105T122707.910Z.bak`, 'utf8')).toBe('global\n  maxconn 10\n');
    expect(siblings(dir)).toEqual([name, `${name}.picon-20260105T122707.910Z.bak`].sort());
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('a failed haproxy -c: exit 30 with HAProxy\'s words, the old file never touched, no temp and no backup left', () => {
    const { dir, bin } = workDir();
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(file, 'global\n');
    const r = run(write(file), 'global\n  wieght 3\n', bin);
    expect(r.code).toBe(30);
    const temp = parseAtomicWriteOutput(r.stdout).temp ?? '';
    expect(temp).toMatch(/haproxy\.cfg\.picon-[A-Za-z0-9]{6}\.tmp$/);
    expect(r.stderr).toContain(`parsing [${temp}:3] : unknown keyword 'wieght'`);
    expect(readFileSync(file, 'utf8')).toBe('global\n');
    expect(siblings(dir)).toEqual(['haproxy.cfg']);
    expect(atomicWriteFailure(r.code, file)).toBe('haproxy -c rejected the edited config');
  });

  it.each([
    ['cut short (the sender was killed)', (s: string) => s.slice(0, 100), 'received 29 of 20000 bytes'],
    ['cut inside the size line', (s: string) => s.slice(0, 3), 'no size line'],
    ['nothing at all', () => '', 'no size line'],
    ['the same size, other bytes', (s: string) => s.replace('maxconn 20', 'maxconn 30'), 'differ from those sent'],
  ])('stdin %s: refused before the check, the old file kept, no temp left', (_, mangle, said) => {
    const { dir, bin } = workDir();
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(file, 'old\n');
    const content = 'global\n  maxconn 20\n'.repeat(1000);
    const r = run(write(file), content, bin, mangle(atomicWriteStdin(content)));
    expect(r.code).toBe(22);
    expect(r.stderr).toContain(said);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(siblings(dir)).toEqual(['haproxy.cfg']);
  });

  it('removes temp files of an interrupted run and backups past the newest 5 — only names of its own patterns', () => {
    const { dir, bin } = workDir();
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(file, 'old\n');
    const old = ['20250101T120000Z', '20250102T120000Z', '20250102T120000.500Z', '20250103T120000Z', '20250104T120000.001Z', '20250105T120000Z'];
    for (const stamp of old) writeFileSync(`${file}.picon-${stamp}.bak`, stamp);
    const others = ['haproxy.cfg.picon-Ab12Cd.tmp.keep', 'haproxy.cfg.picon-Ab12C.tmp', 'haproxy.cfg.picon-mine.bak', 'haproxy.cfg.picon-20250101T120000Z.bak.orig', 'haproxy.cfg.bak', 'other.cfg.picon-Zz99zz.tmp', 'other.cfg.picon-20240101T000000Z.bak'];
    for (const name of [...others, 'haproxy.cfg.picon-Ab12Cd.tmp', 'haproxy.cfg.picon-zzzzzz.tmp']) writeFileSync(path.join(dir, name), 'x');
    const r = run(write(file), 'new\n', bin);
    expect(r.code, r.stderr).toBe(0);
    const report = parseAtomicWriteOutput(r.stdout);
    expect(report.removedTemps).toEqual([`${file}.picon-Ab12Cd.tmp`, `${file}.picon-zzzzzz.tmp`]);
    // 6 old + the new one: the 2 oldest go.
    expect(report.prunedBackups).toEqual([`${file}.picon-20250101T120000Z.bak`, `${file}.picon-20250102T120000.500Z.bak`]);
    expect(siblings(dir)).toEqual([
      'haproxy.cfg',
      ...others,
      ...['20250102T120000Z', '20250103T120000Z', '20250104T120000.001Z', '20250105T120000Z', '20260105T122707.910Z'].map((s) => `haproxy.cfg.picon-${s}.bak`),
    ].sort());
  });

  it('a file that does not exist yet (a first server-state file) gets the reference file\'s mode; no backup asked, none made', () => {
    const { dir, bin } = workDir();
    const reference = path.join(dir, 'haproxy.cfg');
    writeFileSync(reference, 'cfg\n');
    chmodSync(reference, 0o604);
    const file = path.join(dir, 'server-state');
    const r = run(write(file, { reference, check: false, backup: undefined }), '1\n# be_id …\n', bin);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('1\n# be_id …\n');
    expect(statSync(file).mode & 0o777).toBe(0o604);
    expect(siblings(dir)).toEqual(['haproxy.cfg', 'server-state']);
  });

  it('a symlinked config: the file it points to is replaced, the link stays a link', () => {
    const { dir, bin } = workDir();
    mkdirSync(path.join(dir, 'real'));
    const target = path.join(dir, 'real', 'haproxy.cfg');
    writeFileSync(target, 'old\n');
    const link = path.join(dir, 'haproxy.cfg');
    symlinkSync(target, link);
    const r = run(write(link, { backup: `${target}.picon-20260105T122707.910Z.bak` }), 'new\n', bin);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readdirSync(path.join(dir, 'real')).sort()).toEqual(['haproxy.cfg', 'haproxy.cfg.picon-20260105T122707.910Z.bak']);
  });

  it('a directory it cannot write: exit 20, nothing changed', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a missing directory stands in.
      const { bin } = workDir();
      const r = run(write('/nonexistent-picon-dir/haproxy.cfg'), 'x\n', bin);
      expect(r.code).toBe(20);
      return;
    }
    const { dir, bin } = workDir();
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(file, 'old\n');
    chmodSync(dir, 0o555);
    const r = run(write(file), 'new\n', bin);
    chmodSync(dir, 0o755);
    expect(r.code).toBe(20);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
  });
});

describe('the command text', () => {
  const base = write("/etc/haproxy/it's.cfg", { backup: '/etc/haproxy/b.bak' });
  it.each([
    ['as the login user', false, /^sh -c '/],
    ['through sudo -n', true, /^sudo -n sh -c '/],
  ])('%s', (_, sudo, start) => {
    const text = atomicWriteCommand({ ...base, sudo }).text;
    expect(text).toMatch(start);
    expect(text.endsWith(` picon-write ${shellQuote("/etc/haproxy/it's.cfg")} ${shellQuote("/etc/haproxy/it's.cfg")} '1' '/etc/haproxy/b.bak' '5'`)).toBe(true);
  });

  it('stdin starts with the size in bytes, not characters, and the sha256', () => {
    expect(atomicWriteStdin('ü\n')).toBe(`3 ${sha256('ü\n')}\nü\n`);
  });

  it.each([
    [20, 'could not make a temp file beside F'],
    [22, 'the new F did not arrive whole'],
    [30, 'haproxy -c rejected the edited config'],
    [50, 'could not rename the new file over F'],
    [null, 'the write was interrupted'],
    [1, 'the write failed (exit 1)'],
  ])('exit %s reads "%s"', (code, text) => {
    expect(atomicWriteFailure(code, 'F')).toBe(text);
  });
});
