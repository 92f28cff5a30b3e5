import { describe, expect, it } from 'vitest';
import { prctlSyscall, spawnRequestLine } from '../../src/adapters/lab/keeper-script.js';

describe('spawnRequestLine', () => {
  it('joins log, cwd and argv with unit separators, one line', () => {
    expect(spawnRequestLine({ log: '/l/x.log', cwd: '/l', argv: ['/usr/sbin/nginx', '-p', '/l/p 1/'] })).toBe(
      'spawn\x1f/l/x.log\x1f/l\x1f/usr/sbin/nginx\x1f-p\x1f/l/p 1/\n',
    );
  });

  it.each([['a\nb'], ['a\x1fb'], ['a\0b']])('refuses an argument with %j', (bad) => {
    expect(spawnRequestLine({ log: '/l', cwd: '/l', argv: ['/bin/true', bad] })).toBeUndefined();
  });
});

describe('prctlSyscall', () => {
  it('knows x64 and arm64 and skips the rest', () => {
    expect(prctlSyscall('x64')).toBe(157);
    expect(prctlSyscall('arm64')).toBe(167);
    expect(prctlSyscall('riscv64')).toBe(0);
  });
});
