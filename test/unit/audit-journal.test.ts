import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, readAudit, readAuditTail } from '../../src/adapters/actions/audit-log.js';
import { reportInterrupted } from '../../src/adapters/actions/interrupted-actions.js';
import { interruptedIntents, openIntents } from '../../src/core/actions/audit-journal.js';
import type { AuditIntent, AuditLine, AuditRecord } from '../../src/core/actions/audit-record.js';
import { describeInterrupted, whenText, type CurrentState } from '../../src/core/actions/interrupted-action.js';

const intent = (id: string, more: Partial<AuditIntent> = {}): AuditIntent => ({
  kind: 'intent', id, time: '2026-01-05T12:03:04.000Z', profile: 'lab', user: 'alice',
  process: { host: 'op-laptop', pid: 4242, start: 'boot:99' }, action: 'drain', title: 'drain p1',
  target: { node: 'p1', servers: ['web/p1'] }, before: { 'web/p1': { status: 'UP', weight: 1, sessions: 2 } }, dryRun: false, ...more,
});
const result = (id: string): AuditRecord => ({
  kind: 'result', id, time: '2026-01-05T12:03:05.000Z', profile: 'lab', user: 'alice', action: 'drain',
  target: { node: 'p1', servers: ['web/p1'] }, before: {}, after: {}, result: 'ok', dryRun: false,
});
/** A record from picon before the journal: no kind, no id. */
const old: AuditRecord = { time: '2025-01-01T00:00:00.000Z', profile: 'lab', user: 'op', action: 'ready', target: { node: 'p2', servers: ['web/p2'] }, before: {}, after: {}, result: 'ok', dryRun: false };

describe('pairing intents and results', () => {
  const cases: [string, AuditLine[], string[]][] = [
    ['an intent and its result', [intent('a'), result('a')], []],
    ['an intent alone', [intent('a')], ['a']],
    ['old single records are whole', [old, old], []],
    ['results close their own intent only', [intent('a'), intent('b'), result('b')], ['a']],
    ['a result before its intent (clock-free order) does not close a later intent', [result('a'), intent('a')], ['a']],
    ['interleaved picons', [intent('a'), intent('b'), result('a'), old, intent('c'), result('c')], ['b']],
    ['a result without an intent (its intent beyond the tail) is harmless', [result('z'), intent('a')], ['a']],
  ];
  it.each(cases)('%s', (_, lines, open) => {
    expect(openIntents(lines).map((i) => i.id)).toEqual(open);
  });

  it('interrupted: open, this profile, and its picon no longer running', () => {
    const lines = [intent('gone'), intent('other', { profile: 'pi' }), intent('alive', { process: { host: 'op-laptop', pid: 7, start: 'boot:1' } })];
    const running = (p: { pid: number }) => p.pid === 7;
    expect(interruptedIntents(lines, 'lab', running).map((i) => i.id)).toEqual(['gone']);
  });
});

describe('describing an interrupted action', () => {
  const current = (servers: Record<string, { status: string; weight: number | null; sessions: number | null }>, active?: boolean | null): CurrentState => ({
    server: (t) => servers[t],
    serviceActive: () => active,
  });
  const clock = new Date(2026, 0, 5, 18, 0, 0);

  it('says what was being done, by whom, when, and what HAProxy says now', () => {
    const i = intent('a', { time: new Date(2026, 0, 5, 12, 3, 4).toISOString() });
    const d = describeInterrupted(i, current({ 'web/p1': { status: 'DRAIN', weight: 1, sessions: 0 } }), clock);
    expect(d.message).toBe('an action on p1 was interrupted at 12:03:04 (drain p1 by alice); HAProxy now says web/p1 DRAIN weight 1, 0 sessions');
    expect(d).toMatchObject({ id: 'a', user: 'alice', host: 'op-laptop', pid: 4242, node: 'p1', now: { 'web/p1': { status: 'DRAIN' } } });
  });

  it.each([
    ['a server not read', {}, undefined, 'HAProxy now says web/p1 not read; api/p1 not read'],
    ['one session', { 'web/p1': { status: 'UP', weight: 3, sessions: 1 } }, undefined, 'HAProxy now says web/p1 UP weight 3, 1 session; api/p1 not read'],
  ])('%s', (_, servers, active, tail) => {
    const i = intent('a', { target: { node: 'p1', servers: ['web/p1', 'api/p1'] } });
    expect(describeInterrupted(i, current(servers, active), clock).message.endsWith(tail)).toBe(true);
  });

  it.each([
    [true, 'nginx on p1 is now active'],
    [false, 'nginx on p1 is now NOT active'],
    [null, 'nginx on p1 is now in a state not known'],
  ])('a restart: the service is now %s', (active, tail) => {
    const i = intent('r', { action: 'restart', title: 'restart nginx on p1', target: { node: 'p1', servers: [], service: 'nginx' } });
    expect(describeInterrupted(i, current({}, active), clock).message).toMatch(new RegExp(`\\(restart nginx on p1 by alice\\); ${tail}$`));
  });

  it.each([
    [new Date(2026, 0, 5, 0, 0, 1), '00:00:01'],
    [new Date(2026, 0, 4, 23, 59, 59), '2026-01-04 23:59:59'],
    [new Date(2025, 11, 31, 9, 5, 0), '2025-12-31 09:05:00'],
  ])('the time of %s reads %s on the day of the report', (at, text) => {
    expect(whenText(at, clock)).toBe(text);
  });
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'picon-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the journal on disk', () => {
  const none: CurrentState = { server: () => ({ status: 'DRAIN', weight: 1, sessions: 0 }), serviceActive: () => undefined };

  it('an interrupted action is reported once: the report closes it with an interrupted result', async () => {
    const file = path.join(dir, 'audit.jsonl');
    await appendAudit(file, old);
    await appendAudit(file, intent('a'));
    const first = await reportInterrupted(file, 'lab', none, { by: 'picon status', running: () => false });
    expect(first.actions.map((a) => a.id)).toEqual(['a']);
    expect(first.warnings).toEqual([]);
    const second = await reportInterrupted(file, 'lab', none, { by: 'picon status', running: () => false });
    expect(second.actions).toEqual([]);
    const closing = (await readAudit(file)).records.at(-1);
    expect(closing).toMatchObject({ kind: 'result', id: 'a', result: 'interrupted', after: { 'web/p1': { status: 'DRAIN' } }, before: { 'web/p1': { status: 'UP' } } });
    expect((closing as AuditRecord).reason).toMatch(/^picon \(pid 4242 on op-laptop\) ended before recording the result; found by picon status/);
  });

  it('an action still running is not reported, nor closed', async () => {
    const file = path.join(dir, 'audit.jsonl');
    await appendAudit(file, intent('a'));
    expect((await reportInterrupted(file, 'lab', none, { by: 'picon status', running: () => true })).actions).toEqual([]);
    expect((await readAudit(file)).records).toHaveLength(1);
  });

  it('a missing journal has nothing open; one that cannot be read is one warning, not a failure', async () => {
    const found = await reportInterrupted(path.join(dir, 'audit.jsonl', 'x'), 'lab', none, { by: 'picon status' });
    expect(found.actions).toEqual([]);
    expect(found.warnings).toEqual([]);
    await writeFile(path.join(dir, 'file'), '');
    const file = path.join(dir, 'file', 'audit.jsonl');
    expect((await reportInterrupted(path.join(dir), 'lab', none, { by: 'picon status' })).warnings[0]).toMatch(/^could not read the audit log .* \(it is a directory\)/);
    expect((await reportInterrupted(file, 'lab', none, { by: 'picon status' })).warnings[0]).toMatch(/a part of the path is not a directory/);
  });

  it('only the tail is read: the first, cut line is dropped, the rest parsed', async () => {
    const file = path.join(dir, 'audit.jsonl');
    for (let i = 0; i < 200; i++) await appendAudit(file, { ...old, target: { node: `p${i}`, servers: [] } });
    await appendAudit(file, intent('last'));
    const size = (await readFile(file)).length;
    const tail = await readAuditTail(file, 4096);
    expect(size).toBeGreaterThan(4096 * 4);
    expect(tail.broken).toBe(0);
    expect(tail.records.at(-1)).toMatchObject({ id: 'last' });
    expect(tail.records.length).toBeLessThan(40);
  });
});
