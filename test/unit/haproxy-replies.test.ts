import { describe, expect, it } from 'vitest';
import { parseShowInfo } from '../../src/core/haproxy/show-info.js';
import { parseShowProc } from '../../src/core/haproxy/show-proc.js';
import { parseServersState } from '../../src/core/haproxy/servers-state.js';
import { parseSetReply } from '../../src/core/haproxy/set-reply.js';
import { haproxyFixture } from './haproxy-fixtures.js';

describe('parseShowInfo', () => {
  it.each([
    ['2.6/show-info.txt', { major: 2, minor: 6, patch: 12 }, { threads: 2, processes: 1, processNumber: 1, releaseDate: '2026/10/17', stopping: false }],
    ['2.6/show-info-nbthread1.txt', { major: 2, minor: 6, patch: 12 }, { threads: 1, processes: 1 }],
    ['2.6/master-at1-show-info.txt', { major: 2, minor: 6, patch: 12 }, { threads: 2 }],
    ['1.8/show-info-process-2.txt', { major: 1, minor: 8, patch: 19 }, { threads: 1, processes: 4, processNumber: 2, pid: 612, uptimeSeconds: 274329, currentConnections: 6, cumulativeRequests: 3104, idlePercent: 87, node: 'pi-head' }],
  ])('%s', (name, version, expected) => {
    const info = parseShowInfo(haproxyFixture(name));
    if (!info.ok) throw new Error(info.reason);
    expect(info.value.version).toMatchObject(version);
    expect(info.value).toMatchObject(expected);
    expect(info.value.pid).toBeGreaterThan(0);
    expect(info.value.fields.get('Name')).toBe('HAProxy');
  });

  it('reads the version text as printed', () => {
    const info = parseShowInfo(haproxyFixture('2.6/show-info.txt'));
    expect(info.ok && info.value.version.text).toBe('2.6.12-1+deb12u4');
  });

  it('keeps what a truncated reply has', () => {
    const info = parseShowInfo(haproxyFixture('broken/show-info-truncated.txt'));
    if (!info.ok) throw new Error(info.reason);
    expect(info.value.threads).toBe(2);
    expect(info.value.currentConnections).toBeUndefined();
  });

  it.each([
    ['garbage', haproxyFixture('broken/garbage.txt'), 'not a "show info" reply (no Version line): "<html><body><h1>502 Bad Gateway</h1>"'],
    ['empty', '', 'not a "show info" reply (no Version line): ""'],
    ['a bad version', 'Name: HAProxy\nVersion: banana\n', 'unreadable HAProxy version "banana"'],
  ])('refuses %s with a reason', (_name, text, reason) => {
    expect(parseShowInfo(text)).toEqual({ ok: false, reason });
  });
});

describe('parseShowProc (master CLI)', () => {
  it('lists the master and the current workers', () => {
    const procs = parseShowProc(haproxyFixture('2.6/master-show-proc.txt'));
    if (!procs.ok) throw new Error(procs.reason);
    expect(procs.value.master).toMatchObject({ type: 'master', reloads: 0, version: '2.6.12-1+deb12u4' });
    expect(procs.value.workers).toHaveLength(1);
    expect(procs.value.workers[0]).toMatchObject({ type: 'worker', reloads: 0, uptime: expect.stringMatching(/^0d00h00m\d\ds$/) });
  });

  it('leaves out old workers still finishing after a reload', () => {
    const text = [
      '#<PID>          <type>          <reloads>       <uptime>        <version>      ',
      '100             master          1 [failed: 0]   0d00h10m00s     2.6.12',
      '# workers',
      '300             worker          0               0d00h00m05s     2.6.12',
      '# old workers',
      '200             worker          1               0d00h09m55s     2.6.12',
      '# programs',
      '',
    ].join('\n');
    const procs = parseShowProc(text);
    expect(procs.ok && procs.value.workers.map((w) => w.pid)).toEqual([300]);
  });

  it.each([
    ['garbage', haproxyFixture('broken/garbage.txt')],
    ['a stats socket reply', 'Unknown command, but maybe one of the following ones is a better match:\n'],
    ['only the header', '#<PID>          <type>\n'],
  ])('refuses %s', (_name, text) => {
    expect(parseShowProc(text).ok).toBe(false);
  });
});

describe('parseServersState', () => {
  it('reads the 2.6 reply by its header', () => {
    const states = parseServersState(haproxyFixture('2.6/show-servers-state.txt'));
    if (!states.ok) throw new Error(states.reason);
    expect(states.value.map((s) => `${s.backend}/${s.server} ${s.operational} ${s.userWeight}`)).toEqual([
      'web/s1 running 1',
      'web/s2 running 2',
      'web/s3 stopped 1',
      'web/s4 running 1',
      'api/a1 stopped 1',
    ]);
    expect(states.value[0]).toMatchObject({ address: '127.0.9.2', port: 18080, backendId: 3, serverId: 1, maintenance: false, draining: false });
  });

  it('shows drain and maintenance from the admin state bits', () => {
    const states = parseServersState(haproxyFixture('2.6/show-servers-state-drain-maint.txt'));
    if (!states.ok) throw new Error(states.reason);
    expect(states.value.slice(0, 2).map((s) => [s.server, s.draining, s.maintenance, s.userWeight])).toEqual([
      ['s1', true, false, 3],
      ['s2', false, true, 2],
    ]);
  });

  it('reads the 1.8 format (fewer columns)', () => {
    const states = parseServersState(haproxyFixture('1.8/show-servers-state.txt'));
    if (!states.ok) throw new Error(states.reason);
    expect(states.value.map((s) => [s.server, s.operational, s.maintenance])).toEqual([
      ['pi1', 'running', false],
      ['pi2', 'running', true],
      ['pi3', 'stopped', true],
    ]);
  });

  it.each([
    ['a truncated reply', haproxyFixture('broken/show-servers-state-truncated.txt'), /truncated|fields where the header has 25/],
    ['an unknown backend', haproxyFixture('2.6/show-servers-state-unknown-backend.txt'), /not a version-1 .* "Can't find backend."/],
    ['garbage', haproxyFixture('broken/garbage.txt'), /not a version-1/],
    ['a version line only', '1\n', /without its "# be_id be_name ..." header/],
  ])('refuses %s', (_name, text, reason) => {
    const states = parseServersState(text);
    expect(states.ok).toBe(false);
    if (!states.ok) expect(states.reason).toMatch(reason);
  });
});

describe('parseSetReply', () => {
  it.each([
    '2.6/set-state-drain.txt',
    '2.6/set-state-maint.txt',
    '2.6/set-state-ready.txt',
    '2.6/set-weight-3.txt',
    '2.6/master-at1-set-state-drain.txt',
    '2.6/deprecated-set-weight.txt',
    '2.6/deprecated-disable-server.txt',
  ])('%s (an empty line) is success', (name) => {
    expect(parseSetReply(haproxyFixture(name))).toEqual({ ok: true });
  });

  it.each([
    ['2.6/set-no-such-server.txt', 'No such server.'],
    ['2.6/set-no-such-backend.txt', 'No such backend.'],
    ['2.6/set-weight-out-of-range.txt', 'Absolute weight can only be between 0 and 256 inclusive.'],
    ['2.6/set-weight-garbage.txt', 'Empty weight string empty or preceded by garbage'],
    ['2.6/set-state-bogus.txt', "'set server <srv> state' expects 'ready', 'drain' and 'maint'."],
    ['2.6/set-permission-denied.txt', 'Permission denied'],
    ['2.6/master-at2-no-such-process.txt', "Can't find the target PID matching the prefix '@2'"],
  ])('%s is a failure with the text as its reason', (name, reason) => {
    expect(parseSetReply(haproxyFixture(name))).toEqual({ ok: false, reason });
  });

  it('treats whitespace as success and joins a multi-line refusal into one line', () => {
    expect(parseSetReply(' \n\r\n')).toEqual({ ok: true });
    expect(parseSetReply('Unknown command.\n  try help\n')).toEqual({ ok: false, reason: 'Unknown command. try help' });
  });
});
