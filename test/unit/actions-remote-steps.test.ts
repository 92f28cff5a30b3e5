import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupPath, inspectFileCommand, parseFileFacts } from '../../src/core/actions/remote-steps.js';

/** The look at haproxy.cfg before `--persist` reads it, run with this machine's sh and coreutils. */

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() ?? '', { recursive: true, force: true });
});

function inspect(file: string) {
  const r = spawnSync('/bin/sh', ['-c', inspectFileCommand(file).text], { timeout: 5000 });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe('inspectFileCommand', () => {
  it.each([
    ['plain', 'haproxy.cfg'],
    ['a quote and shell syntax', "it's $(id).cfg"],
    ['a newline', 'two\nlines.cfg'],
    ['a leading dash', '-n.cfg'],
  ])('a name with %s: its real path, size and who may write it', (_, name) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-inspect-'));
    dirs.push(dir);
    const file = path.join(dir, name);
    writeFileSync(file, 'global\n');
    const r = inspect(file);
    expect(r.code, r.stderr).toBe(0);
    expect(parseFileFacts(r.stdout)).toEqual({ path: file, bytes: 7, sudo: false });
  });

  it('a symlink: the file it points to', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-inspect-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'real'));
    writeFileSync(path.join(dir, 'real', 'haproxy.cfg'), 'x');
    symlinkSync(path.join(dir, 'real', 'haproxy.cfg'), path.join(dir, 'haproxy.cfg'));
    expect(parseFileFacts(inspect(path.join(dir, 'haproxy.cfg')).stdout)).toEqual({ path: path.join(dir, 'real', 'haproxy.cfg'), bytes: 1, sudo: false });
  });

  it('a file the login user does not own: sudo (the rename would give it a new owner); root needs none', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-inspect-'));
    dirs.push(dir);
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(file, 'x');
    if (process.getuid?.() === 0) chownSync(file, 65534, 65534);
    const facts = parseFileFacts(inspect(process.getuid?.() === 0 ? file : '/etc/passwd').stdout);
    expect(facts?.sudo).toBe(process.getuid?.() !== 0);
  });

  it.each([
    ['a FIFO', (dir: string) => {
      execFileSync('mkfifo', [path.join(dir, 'haproxy.cfg')]);
      return path.join(dir, 'haproxy.cfg');
    }, 'is not a regular file'],
    ['a directory', (dir: string) => dir, 'is not a regular file'],
    ['/dev/zero', () => '/dev/zero', 'is not a regular file'],
    ['a missing file', (dir: string) => path.join(dir, 'nope.cfg'), 'does not exist'],
    ['a file in a missing directory', (dir: string) => path.join(dir, 'no', 'haproxy.cfg'), 'does not exist'],
  ])('%s is refused at once (exit 3, named), never read', (_, make, said) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'picon-inspect-'));
    dirs.push(dir);
    const file = make(dir);
    const started = Date.now();
    const r = inspect(file);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`${file} ${said}\n`);
  });
});

describe('parseFileFacts', () => {
  it.each([
    ['/etc/haproxy/haproxy.cfg\n1234\nown\n', { path: '/etc/haproxy/haproxy.cfg', bytes: 1234, sudo: false }],
    ['/etc/haproxy/haproxy.cfg\n0\nsudo\n', { path: '/etc/haproxy/haproxy.cfg', bytes: 0, sudo: true }],
    ['/a\nb.cfg\n5\nown\n', { path: '/a\nb.cfg', bytes: 5, sudo: false }],
    ['', undefined],
    ['/etc/haproxy/haproxy.cfg\n', undefined],
    ['/etc/haproxy/haproxy.cfg\nbig\nown\n', undefined],
    ['/etc/haproxy/haproxy.cfg\n12\nmaybe\n', undefined],
    ['\n12\nown\n', undefined],
  ])('%j', (stdout, facts) => {
    expect(parseFileFacts(stdout)).toEqual(facts);
  });
});

describe('backupPath', () => {
  it.each([
    ['2026-01-05T12:27:07.910Z', '/etc/haproxy/haproxy.cfg.picon-20260105T122707.910Z.bak'],
    ['2026-01-05T12:27:07.000Z', '/etc/haproxy/haproxy.cfg.picon-20260105T122707.000Z.bak'],
  ])('%s', (at, name) => {
    expect(backupPath('/etc/haproxy/haproxy.cfg', new Date(at))).toBe(name);
  });
});
