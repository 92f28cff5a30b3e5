import { describe, expect, it } from 'vitest';
import {
  forWorker,
  setServerState,
  setServerWeight,
  showServersState,
  showStat,
} from '../../src/core/haproxy/runtime-commands.js';
import { parseHaproxyVersion, type HaproxyVersion } from '../../src/core/haproxy/version.js';

const version = (text: string): HaproxyVersion => {
  const v = parseHaproxyVersion(text);
  if (!v.ok) throw new Error(v.reason);
  return v.value;
};
const v26 = version('2.6.12-1+deb12u4');
const v14 = version('1.4.24');
const s1 = { backend: 'web', server: 's1' };

const text = (b: ReturnType<typeof setServerState>): string => (b.ok ? b.value.text : `refused: ${b.reason}`);

describe('runtime command builders', () => {
  it.each([
    ['ready', 'set server web/s1 state ready'],
    ['drain', 'set server web/s1 state drain'],
    ['maint', 'set server web/s1 state maint'],
  ] as const)('state %s on 2.6', (state, expected) => {
    expect(text(setServerState(s1, state, v26))).toBe(expected);
  });

  it('weights on 2.6 use set server … weight', () => {
    expect(text(setServerWeight(s1, 0, v26))).toBe('set server web/s1 weight 0');
    expect(text(setServerWeight(s1, 256, v26))).toBe('set server web/s1 weight 256');
  });

  it('falls back to the old commands where set server does not exist', () => {
    expect(text(setServerState(s1, 'maint', v14))).toBe('disable server web/s1');
    expect(text(setServerState(s1, 'ready', v14))).toBe('enable server web/s1');
    expect(text(setServerWeight(s1, 5, v14))).toBe('set weight web/s1 5');
    expect(text(setServerState(s1, 'drain', v14))).toBe('refused: HAProxy 1.4.24 has no drain state (needs 1.5 or later)');
  });

  it.each([-1, 257, 1.5, Number.NaN])('refuses weight %s', (weight) => {
    expect(text(setServerWeight(s1, weight, v26))).toBe(`refused: weight ${weight} is outside 0..256`);
  });

  it.each([
    [{ backend: 'web;shutdown sessions', server: 's1' }, 'backend "web;shutdown sessions" must be'],
    [{ backend: 'web', server: 's1 state maint' }, 'server "s1 state maint" must be'],
    [{ backend: 'web', server: '' }, 'server "" must be'],
    [{ backend: 'web', server: 's1\nshow sess' }, 'server "s1\\nshow sess" must be'],
  ])('refuses a name that could smuggle a second command: %j', (ref, reason) => {
    expect(text(setServerState(ref, 'drain', v26))).toContain(`refused: ${reason}`);
    expect(text(setServerWeight(ref, 1, v26))).toContain(`refused: ${reason}`);
  });

  it('builds show commands and master CLI prefixes', () => {
    expect(showStat().text).toBe('show stat');
    expect(text(showServersState('web'))).toBe('show servers state web');
    expect(text(showServersState())).toBe('show servers state');
    expect(text(showServersState('web;x'))).toMatch(/^refused: backend "web;x"/);
    expect(forWorker(1234, showStat()).text).toBe('@!1234 show stat');
    expect(() => forWorker(0, showStat())).toThrow();
  });
});
