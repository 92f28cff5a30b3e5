import { describe, expect, it } from 'vitest';
import { haproxyLoad, haproxyLoadText } from '../../src/core/haproxy/haproxy-load.js';
import { parseShowInfo, type HaproxyInfo } from '../../src/core/haproxy/show-info.js';

function info(lines: string): HaproxyInfo {
  const parsed = parseShowInfo(`Name: HAProxy\nVersion: 2.6.12-1+deb12u4\n${lines}`);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('HAProxy load from show info', () => {
  const cases: [string, HaproxyInfo[], string][] = [
    ['one process, two threads', [info('Nbproc: 1\nNbthread: 2\nIdle_pct: 93\nRun_queue: 0')], 'idle 93 %, 2 threads, run queue 0'],
    ['one thread, busy', [info('Nbthread: 1\nIdle_pct: 1\nRun_queue: 16')], 'idle 1 %, 1 thread, run queue 16'],
    ['old multi-process: least idle, queues summed', [info('Nbproc: 2\nNbthread: 1\nIdle_pct: 80\nRun_queue: 2'), info('Nbproc: 2\nNbthread: 1\nIdle_pct: 12\nRun_queue: 3')], 'idle 12 %, 1 thread, 2 processes, run queue 5'],
    ['an old HAProxy without the fields', [info('Nbproc: 1')], ''],
  ];
  it.each(cases)('%s', (_name, infos, text) => {
    expect(haproxyLoadText(haproxyLoad(infos))).toBe(text);
  });
});

