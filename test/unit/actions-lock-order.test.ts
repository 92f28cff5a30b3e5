import { describe, expect, it } from 'vitest';
import type { ActionDeps } from '../../src/adapters/actions/action-deps.js';
import type { ActionRequest } from '../../src/core/actions/action-request.js';
import { exitCodeFor } from '../../src/core/actions/action-report.js';
import { formatHolder } from '../../src/core/actions/head-lock.js';
import type { AuditRecord } from '../../src/core/actions/audit-record.js';
import { FakeHaproxy, fakeTransport, runRequest, testProfile, type FakeLock } from './actions-fakes.js';

/** The head lock around every change of HAProxy: taken before the servers are read, let go on every path. */

const profile = testProfile();
const CLOCK = Date.parse('2026-01-05T12:05:00Z');

function setup(lock: FakeLock = { mode: 'held' }, servers: ConstructorParameters<typeof FakeHaproxy>[0] = {}) {
  const haproxy = new FakeHaproxy({ 'web/p1': {}, 'web/p2': {}, 'web/p3': {}, 'api/p1': {}, 'api/p2': {}, ...servers });
  const head = fakeTransport('head', (command) => (command.includes('is-active') ? { code: 0 } : {}), lock);
  const p1 = fakeTransport('p1', () => ({}));
  // One log of everything in order: the lock's exec and release land in head.ran too.
  const log = head.ran;
  haproxy.onRead = () => log.push('read');
  const audit: AuditRecord[] = [];
  let actThrows = false;
  let onConfirm: () => void = () => undefined;
  let clock = CLOCK;
  const deps: ActionDeps = {
    profile,
    haproxy: () => {
      const client = haproxy.client();
      return {
        ...client,
        act: async (ref, action) => {
          log.push(`act ${ref.backend}/${ref.server}`);
          if (actThrows) throw new Error('socket exploded');
          return client.act(ref, action);
        },
      };
    },
    transport: (node) => (node === 'head' ? head : p1),
    confirm: async () => {
      log.push('confirm');
      onConfirm();
      return true;
    },
    audit: {
      file: '/data/picon/audit.jsonl',
      append: async (r) => {
        audit.push(r as AuditRecord);
      },
    },
    user: 'op',
    process: { host: 'desk', pid: 31337 },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  };
  return {
    haproxy, head, log, audit, deps,
    throwOnAct: () => (actThrows = true),
    whenAsked: (f: () => void) => (onConfirm = f),
  };
}

const drain = (node: string, more: Partial<ActionRequest> = {}): ActionRequest => ({ kind: 'drain', node, force: false, ...more }) as ActionRequest;
const go = { dryRun: false, yes: true };

describe('the head lock around an action', () => {
  it('is taken before the servers are read and let go after the read-back', async () => {
    const s = setup();
    const report = await runRequest(s.deps, drain('p1', { backend: 'web' }), go);
    expect(report.result).toBe('ok');
    expect(s.log).toEqual(['lock', 'read', 'act web/p1', 'read', 'unlock']);
  });

  it('a dry run takes none', async () => {
    const s = setup();
    const report = await runRequest(s.deps, drain('p1'), { dryRun: true, yes: false });
    expect(report.result).toBe('ok');
    expect(s.log).not.toContain('lock');
  });

  it('held by another picon: refused naming the holder, nothing sent, exit 1, audited as refused', async () => {
    const other = formatHolder({ user: 'alice', host: 'laptop', pid: 4242, what: 'drain p2', since: '2026-01-05T12:03:04Z' });
    const s = setup({ mode: 'busy', holder: other });
    const report = await runRequest(s.deps, drain('p1'), go);
    expect(report).toMatchObject({
      result: 'refused',
      refusedBy: 'lock',
      reason: 'refused: HAProxy on head is locked by alice@laptop (pid 4242, drain p2) since 12:03:04Z; waited 10 s',
      hint: 'try again or wait (--lock-wait SECONDS waits longer)',
    });
    expect(exitCodeFor(report)).toBe(1);
    expect(s.haproxy.sent).toEqual([]);
    expect(s.log).toEqual(['lock']);
    expect(s.audit[0]).toMatchObject({ result: 'refused', action: 'drain' });
  });

  it('a head without flock: refused in one line naming flock, nothing sent', async () => {
    const s = setup({ mode: 'missing' });
    const report = await runRequest(s.deps, { kind: 'weight', node: 'p1', force: false, weight: { unit: 'absolute', amount: 3 } }, go);
    expect(report.result).toBe('refused');
    expect(report.reason).toBe('cannot lock HAProxy on head: flock is not installed there (util-linux): sh: 3: flock: not found');
    expect(s.haproxy.sent).toEqual([]);
  });

  it('is let go when HAProxy refuses the change', async () => {
    const s = setup();
    s.haproxy.refuse = { process: '/run/haproxy/admin-2.sock', reply: 'Permission denied.' };
    const report = await runRequest(s.deps, drain('p1', { backend: 'web' }), go);
    expect(report.result).toBe('failed');
    expect(s.log.at(-1)).toBe('unlock');
  });

  it('is let go when the guard refuses inside it', async () => {
    const s = setup({ mode: 'held' }, { 'web/p2': { status: 'MAINT', adminBits: 1 }, 'web/p3': { status: 'DRAIN', adminBits: 8 } });
    const report = await runRequest(s.deps, drain('p1', { backend: 'web' }), go);
    expect(report).toMatchObject({ result: 'refused', refusedBy: 'guard' });
    expect(s.log).toEqual(['lock', 'read', 'unlock']);
  });

  it('is let go when acting throws', async () => {
    const s = setup();
    s.throwOnAct();
    await expect(runRequest(s.deps, drain('p1', { backend: 'web' }), go)).rejects.toThrow('socket exploded');
    expect(s.log).toEqual(['lock', 'read', 'act web/p1', 'unlock']);
  });

  it('the guard is checked again inside the lock: a drain made by someone else while the question was open refuses maint', async () => {
    const s = setup({ mode: 'held' }, { 'web/p3': { status: 'MAINT', adminBits: 1 }, 'api/p2': { status: 'MAINT', adminBits: 1 } });
    // While this operator reads the question, another drains p2: p1 is now the last one up in web.
    s.whenAsked(() => {
      s.haproxy.get('web/p2').status = 'DRAIN';
    });
    const report = await runRequest(s.deps, { kind: 'maint', node: 'p1', force: false, backend: 'web' }, { dryRun: false, yes: false });
    expect(s.log).toEqual(['read', 'confirm', 'lock', 'read', 'unlock']);
    expect(report).toMatchObject({ result: 'refused', refusedBy: 'guard' });
    expect(s.haproxy.sent).toEqual([]);
  });

  it('drain --wait lets go once HAProxy has the new state, then waits for sessions outside it', async () => {
    const s = setup({ mode: 'held' }, { 'web/p1': { sessions: 2 } });
    s.haproxy.onRead = () => {
      s.log.push('read');
      const p1 = s.haproxy.get('web/p1');
      if (p1.status === 'DRAIN' && p1.sessions > 0) p1.sessions--;
    };
    const report = await runRequest(s.deps, drain('p1', { backend: 'web', wait: { timeoutMs: 10_000 } }), go);
    expect(report.result).toBe('ok');
    expect(s.log.slice(0, 4)).toEqual(['lock', 'read', 'act web/p1', 'unlock']);
    expect(s.log.slice(4).every((e) => e === 'read')).toBe(true);
  });

  it('restart of the head\'s haproxy holds it; a worker\'s service does not take it', async () => {
    const s = setup();
    const head = await runRequest(s.deps, { kind: 'restart', node: 'head', service: 'haproxy' }, go);
    expect(head.result).toBe('ok');
    expect(s.log[0]).toMatch(/is-active/);
    expect(s.log.slice(1, 3)).toEqual(['lock', "sudo -n systemctl restart 'haproxy'"]);
    expect(s.log.at(-1)).toBe('unlock');
    const before = s.log.length;
    await runRequest(s.deps, { kind: 'restart', node: 'p1', service: 'nginx' }, go);
    expect(s.log.length).toBe(before);
  });

  it('restart of the head\'s haproxy while another picon holds it: refused, not restarted', async () => {
    const s = setup({ mode: 'busy', holder: '' });
    const report = await runRequest(s.deps, { kind: 'restart', node: 'head', service: 'haproxy' }, go);
    expect(report).toMatchObject({ result: 'refused', refusedBy: 'lock' });
    expect(report.reason).toContain('locked by another picon (no holder record beside /run/haproxy/picon-haproxy.lock)');
    expect(s.log.some((c) => c.includes('restart'))).toBe(false);
  });
});
