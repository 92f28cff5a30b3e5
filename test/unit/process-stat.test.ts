import { describe, expect, it } from 'vitest';
import { parseProcessStat } from '../../src/core/util/process-stat.js';

const tail = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 123456 99 100';

describe('parseProcessStat (/proc/PID/stat)', () => {
  it.each([
    ['plain comm', `42 (node) S 7 ${tail}`, { pid: 42, state: 'S', ppid: 7, start: 123456 }],
    ['comm with spaces and parentheses', `42 (a (b) c) Z 1 ${tail}`, { pid: 42, state: 'Z', ppid: 1, start: 123456 }],
    ['a stopped process', `9 (sshd) T 3 ${tail}`, { pid: 9, state: 'T', ppid: 3, start: 123456 }],
  ])('%s', (_what, line, expected) => {
    expect(parseProcessStat(expected.pid, line)).toEqual(expected);
  });

  it("reads this test's own process as running, started before now", async () => {
    const { readFileSync } = await import('node:fs');
    const self = parseProcessStat(process.pid, readFileSync('/proc/self/stat', 'utf8'));
    expect(self.ppid).toBe(process.ppid);
    expect(['R', 'S']).toContain(self.state);
    expect(self.start).toBeGreaterThan(0);
  });
});
