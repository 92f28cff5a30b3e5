import { describe, expect, it } from 'vitest';
import type { AuditLine, AuditProcess } from '../../src/core/actions/audit-record.js';
import { auditChange } from '../../src/core/audit/audit-change.js';
import { auditEntries, filterAudit } from '../../src/core/audit/audit-entry.js';
import { parseSince } from '../../src/core/audit/audit-since.js';
import { auditTable } from '../../src/core/audit/audit-table.js';

const alive: AuditProcess = { host: 'ops1', pid: 100, start: 'b:1' };
const dead: AuditProcess = { host: 'ops1', pid: 200, start: 'b:2' };
const running = (p: AuditProcess): boolean => p.pid === alive.pid;
const target = (node: string) => ({ node, servers: [`web/${node}`] });
const up = (node: string, weight = 1) => ({ [`web/${node}`]: { status: 'UP', weight, sessions: 2 } });

const journal: AuditLine[] = [
  { kind: 'intent', id: 'a', time: '2026-12-07T03:00:00.000Z', profile: 'lab', user: 'alice', process: dead, action: 'drain', title: 'drain p1', target: target('p1'), before: up('p1'), dryRun: false },
  { kind: 'result', id: 'a', time: '2026-12-07T03:00:01.000Z', profile: 'lab', user: 'alice', action: 'drain', title: 'drain p1', target: target('p1'), before: up('p1'), after: { 'web/p1': { status: 'DRAIN', weight: 1, sessions: 0 } }, result: 'ok', dryRun: false },
  { kind: 'dry-run', time: '2026-12-07T03:05:00.000Z', profile: 'lab', user: 'bob', action: 'weight', title: 'weight pi3 3', target: { ...target('pi3'), weights: [3] }, before: up('pi3'), after: up('pi3'), result: 'ok', dryRun: true },
  { kind: 'intent', id: 'b', time: '2026-12-07T04:00:00.000Z', profile: 'lab', user: 'alice', process: dead, action: 'maint', title: 'maint p2', target: target('p2'), before: up('p2'), dryRun: false },
  { kind: 'no-change', time: '2026-12-07T04:10:00.000Z', profile: 'other', user: 'carol', action: 'drain', title: 'drain p3', target: target('p3'), before: up('p3'), after: up('p3'), result: 'refused', reason: 'the last server UP in web', dryRun: false },
  { kind: 'intent', id: 'c', time: '2026-12-07T04:20:00.000Z', profile: 'lab', user: 'alice', process: alive, action: 'restart', title: 'restart p1 nginx', target: { node: 'p1', servers: [], service: 'nginx' }, before: { 'service nginx': { active: true } }, dryRun: false },
  // Written before the journal: one whole record, no kind.
  { time: '2026-11-01T10:00:00.000Z', profile: 'lab', user: 'dave', action: 'weight', target: { ...target('pi3'), weights: [3] }, before: up('pi3'), after: up('pi3', 3), result: 'ok', dryRun: false },
];

describe('auditEntries: the journal as actions', () => {
  const entries = auditEntries(journal, running);
  it.each([
    ['drain p1', 'ok', 'web/p1 UP→DRAIN'],
    ['weight pi3 3', 'dry-run', 'web/pi3 UP'],
    ['maint p2', 'unfinished', 'web/p2 UP'],
    ['drain p3', 'refused', 'web/p3 UP'],
    ['restart p1 nginx', 'running', 'nginx active'],
    ['weight pi3', 'ok', 'web/pi3 UP weight 1→3'],
  ])('%s: %s, %s', (title, outcome, change) => {
    const e = entries.find((x) => x.title === title);
    expect(e?.outcome).toBe(outcome);
    expect(auditChange(e?.before ?? {}, e?.after)).toBe(change);
  });
  it('pairs an intent and its result into one entry, timed from the intent', () => {
    expect(entries).toHaveLength(6);
    const drain = entries.find((e) => e.id === 'a');
    expect(drain?.time).toBe('2026-12-07T03:00:00.000Z');
    expect(drain?.endedAt).toBe('2026-12-07T03:00:01.000Z');
  });
  it('a result whose intent is not in the lines read (the tail) stands alone', () => {
    const tail = auditEntries(journal.slice(1, 2), running);
    expect(tail).toEqual([expect.objectContaining({ id: 'a', outcome: 'ok', time: '2026-12-07T03:00:01.000Z' })]);
  });
});

describe('filterAudit', () => {
  const entries = auditEntries(journal, running);
  it.each([
    [{ node: 'p1' }, ['drain p1', 'restart p1 nginx']],
    [{ action: 'weight' }, ['weight pi3 3', 'weight pi3']],
    [{ profile: 'other' }, ['drain p3']],
    [{ since: new Date('2026-12-07T04:00:00Z') }, ['maint p2', 'drain p3', 'restart p1 nginx']],
    [{ limit: 2 }, ['restart p1 nginx', 'weight pi3']],
    [{ node: 'nope' }, []],
  ])('%j', (filter, titles) => {
    expect(filterAudit(entries, filter).map((e) => e.title)).toEqual(titles);
  });
});

describe('parseSince', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  it.each([
    ['30s', '2026-12-07T11:59:30.000Z'],
    ['15m', '2026-12-07T11:45:00.000Z'],
    ['2h', '2026-12-07T10:00:00.000Z'],
    ['7d', '2026-11-30T12:00:00.000Z'],
    ['1w', '2026-11-30T12:00:00.000Z'],
    ['2026-12-07', '2026-12-07T00:00:00.000Z'],
    ['2026-12-07T03:12', '2026-12-07T03:12:00.000Z'],
    ['2026-12-07 03:12:04', '2026-12-07T03:12:04.000Z'],
    ['2026-12-07T03:12:04Z', '2026-12-07T03:12:04.000Z'],
  ])('%s → %s', (text, iso) => {
    const r = parseSince(text, now);
    expect(r.ok && r.value.toISOString()).toBe(iso);
  });
  it.each(['', '2', 'h', '-2h', '2 h', '2026-13-01', '2026-02-30', '2026-12-07T25:00', 'yesterday'])('%j is refused in one line naming --since', (text) => {
    const r = parseSince(text, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^--since: .* is not allowed; give a time ago/);
  });
});

describe('auditTable', () => {
  it('one aligned line per action under a header, UTC times without milliseconds, the reason after the change', () => {
    const lines = auditTable(auditEntries(journal, running), { showProfile: true });
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+USER\s+PROFILE\s+ACTION\s+RESULT\s+CHANGE$/);
    expect(lines[1]).toMatch(/^2026-12-07 03:00:00 {2}alice +lab +drain p1 +ok +web\/p1 UP→DRAIN$/);
    expect(lines.find((l) => l.includes('drain p3'))).toMatch(/refused +web\/p3 UP — the last server UP in web$/);
    const cols = lines.slice(1).map((l) => l.indexOf('20') === 0 && l.search(/ (ok|dry-run|unfinished|refused|running) /));
    expect(new Set(cols).size).toBe(1);
  });
  it('leaves out the profile column when asked', () => {
    expect(auditTable(auditEntries(journal.slice(0, 2), running), { showProfile: false })[0]).not.toContain('PROFILE');
  });
});
