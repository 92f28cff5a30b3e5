import { describe, expect, it } from 'vitest';
import type { ActionDeps, AuditLog } from '../../src/adapters/actions/action-deps.js';
import { exitCodeFor } from '../../src/core/actions/action-report.js';
import type { ActionRequest } from '../../src/core/actions/action-request.js';
import type { AuditLine } from '../../src/core/actions/audit-record.js';
import { FakeHaproxy, fakeTransport, runRequest, testProfile } from './actions-fakes.js';

const profile = testProfile();
const PROCESS = { host: 'op-laptop', pid: 4242, start: 'boot:1234' };

/** A journal that keeps its lines, noting how many HAProxy lines had been sent when each was written; `fail` makes appends reject. */
function journal(haproxy: FakeHaproxy, fail: (line: AuditLine) => string | undefined = () => undefined) {
  const lines: { line: AuditLine; sentBefore: number }[] = [];
  const log: AuditLog = {
    file: '/data/picon/audit.jsonl',
    append: async (line) => {
      const code = fail(line);
      if (code !== undefined) throw Object.assign(new Error(`${code}: open '/data/picon/audit.jsonl'`), { code });
      lines.push({ line, sentBefore: haproxy.sent.length });
    },
  };
  return { lines, log };
}

function setup(fail?: (line: AuditLine) => string | undefined) {
  const haproxy = new FakeHaproxy({ 'web/p1': {}, 'web/p2': {}, 'web/p3': {}, 'api/p1': {}, 'api/p2': {} });
  const j = journal(haproxy, fail);
  const deps = (over: Partial<ActionDeps> = {}): ActionDeps => ({
    profile,
    haproxy: () => haproxy.client(),
    // The head answers only the head lock's script: drains touch no other file or command there.
    transport: (node) => fakeTransport(node, () => {
      throw new Error(`no command expected on ${node}`);
    }),
    confirm: async () => true,
    audit: j.log,
    process: PROCESS,
    user: 'alice',
    now: () => Date.UTC(2026, 0, 5, 12, 3, 4),
    ...over,
  });
  return { haproxy, lines: j.lines, deps };
}

const drain = (node: string, more: Partial<ActionRequest> = {}): ActionRequest => ({ kind: 'drain', node, force: false, ...more }) as ActionRequest;
const opts = { dryRun: false, yes: true };

describe('the audit journal', () => {
  it('an intent is on disk before the first change; the result closes it with the same id', async () => {
    const c = setup();
    const report = await runRequest(c.deps(), drain('p1'), opts);
    expect(report.result).toBe('ok');
    expect(c.lines.map((l) => [l.line.kind, l.sentBefore])).toEqual([['intent', 0], ['result', 4]]);
    const [intent, result] = c.lines.map((l) => l.line);
    expect(intent).toMatchObject({
      kind: 'intent', user: 'alice', process: PROCESS, action: 'drain', title: 'drain p1', time: '2026-01-05T12:03:04.000Z',
      target: { node: 'p1', servers: ['web/p1', 'api/p1'] }, before: { 'web/p1': { status: 'UP' } },
    });
    expect(intent).not.toHaveProperty('after');
    expect(intent?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(result).toMatchObject({ kind: 'result', id: intent?.id, result: 'ok', after: { 'web/p1': { status: 'DRAIN' } } });
  });

  it('two actions get two ids', async () => {
    const c = setup();
    await runRequest(c.deps(), drain('p1'), opts);
    await runRequest(c.deps(), { kind: 'ready', node: 'p1', force: false }, opts);
    const ids = c.lines.map((l) => l.line.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['ENOTDIR', 'a part of the path is not a directory'],
    ['EROFS', 'read-only file system'],
    ['ENOSPC', 'no space left on the device'],
  ])('an intent that cannot be written (%s) stops the action before anything is sent: exit 2, one line naming the file', async (code, words) => {
    const c = setup(() => code);
    const report = await runRequest(c.deps(), drain('p1'), opts);
    expect(c.haproxy.sent).toEqual([]);
    expect(report).toMatchObject({ result: 'refused', refusedBy: 'journal', reason: `cannot record the action in /data/picon/audit.jsonl (${words}); nothing was changed` });
    expect(exitCodeFor(report)).toBe(2);
    expect(report.auditWarning).toBeUndefined();
  });

  it('restart: the intent comes before the restart command, and without it the command never runs', async () => {
    const ran: string[] = [];
    const p1 = fakeTransport('p1', (command) => {
      ran.push(command);
      return { code: 0 };
    });
    const ok = setup();
    await runRequest(ok.deps({ transport: () => p1 }), { kind: 'restart', node: 'p1', service: 'nginx' }, opts);
    expect(ok.lines.map((l) => l.line.kind)).toEqual(['intent', 'result']);
    expect(ok.lines[0]?.line).toMatchObject({ action: 'restart', target: { service: 'nginx' }, before: { 'service nginx': { active: true } } });
    ran.length = 0;
    const broken = setup(() => 'EACCES');
    const report = await runRequest(broken.deps({ transport: () => p1 }), { kind: 'restart', node: 'p1', service: 'nginx' }, opts);
    expect(report.refusedBy).toBe('journal');
    expect(ran).toEqual(["systemctl is-active 'nginx'"]);
  });

  it('a dry run is one record, and one it cannot write is a warning, not a failure', async () => {
    const c = setup();
    await runRequest(c.deps(), drain('p1'), { dryRun: true, yes: false });
    expect(c.lines.map((l) => [l.line.kind, l.line.dryRun])).toEqual([['dry-run', true]]);
    const broken = setup(() => 'EACCES');
    const report = await runRequest(broken.deps(), drain('p1'), { dryRun: true, yes: false });
    expect(report.result).toBe('ok');
    expect(report.commands).toHaveLength(4);
    expect(report.auditWarning).toBe('could not record the dry run in /data/picon/audit.jsonl (permission denied)');
    expect(exitCodeFor(report)).toBe(0);
  });

  it('a guard refusal or a declined action changed nothing: one no-change record, no intent', async () => {
    const c = setup();
    c.haproxy.get('web/p2').status = 'DRAIN';
    c.haproxy.get('web/p3').status = 'MAINT';
    await runRequest(c.deps(), drain('p1', { backend: 'web' }), opts);
    await runRequest(c.deps({ confirm: async () => false }), { kind: 'maint', node: 'p2', force: false }, { dryRun: false, yes: false });
    expect(c.lines.map((l) => [l.line.kind, 'result' in l.line ? l.line.result : ''])).toEqual([['no-change', 'refused'], ['no-change', 'declined']]);
  });

  it('a result that cannot be written after the change: the report says so, the change stands', async () => {
    const c = setup((line) => (line.kind === 'result' ? 'ENOSPC' : undefined));
    const report = await runRequest(c.deps(), drain('p1'), opts);
    expect(report.result).toBe('ok');
    expect(c.haproxy.get('web/p1').status).toBe('DRAIN');
    expect(report.auditWarning).toBe('could not record the result of the action in /data/picon/audit.jsonl (no space left on the device)');
    expect(c.lines.map((l) => l.line.kind)).toEqual(['intent']);
  });
});
