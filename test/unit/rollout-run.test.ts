import { describe, expect, it } from 'vitest';
import type { ActionDeps } from '../../src/adapters/actions/action-deps.js';
import type { ProgressStore } from '../../src/adapters/actions/rollout-progress-file.js';
import { resumeRollout, startRollout } from '../../src/adapters/actions/run-rollout.js';
import type { RolloutEvent } from '../../src/core/rollout/rollout-events.js';
import type { RolloutProgress } from '../../src/core/rollout/rollout-progress.js';
import { resolveRollout } from '../../src/core/rollout/resolve-rollout.js';
import type { RolloutRequest } from '../../src/core/rollout/rollout-request.js';
import { FakeHaproxy, fakeTransport, testProfile } from './actions-fakes.js';

/**
 * The rollout runner against a fake two-process HAProxy and fake nodes: the order of what it
 * sends, the lock held once for the whole rollout, the progress saved at every step, the stop at
 * the first failure with the rest serving, and resume from the saved progress.
 */

const profile = testProfile();
const request = (over: Partial<RolloutRequest> = {}): RolloutRequest => ({ kind: 'rollout', change: { kind: 'restart', service: 'nginx' }, workers: 'all', batch: 1, waitIdleMs: 5000, shutdownSessions: false, ...over });

function setup(options: { failRestartOn?: string; sessionsOn?: string } = {}) {
  const haproxy = new FakeHaproxy({ 'web/p1': {}, 'web/p2': { weight: 3 }, 'web/p3': {}, 'api/p1': {}, 'api/p2': {} });
  // Checks run on every read: a server forced DOWN comes back once its node's nginx answers.
  const broken = new Set<string>(options.failRestartOn !== undefined ? [options.failRestartOn] : []);
  haproxy.onRead = () => {
    for (const [key, s] of haproxy.servers) if (s.status === 'DOWN' && !broken.has(key.split('/')[1] ?? '')) s.status = (s.adminBits & 8) !== 0 ? 'DRAIN' : 'UP';
  };
  if (options.sessionsOn !== undefined) haproxy.get(`web/${options.sessionsOn}`).sessions = 2;
  const head = fakeTransport('head', () => ({}));
  const workers = new Map(['p1', 'p2', 'p3'].map((n) => [n, fakeTransport(n, (command) => ({ code: command.includes('restart') && broken.has(n) ? 1 : 0, stderr: command.includes('restart') && broken.has(n) ? 'Job for nginx.service failed' : '' }))]));
  const saves: RolloutProgress[] = [];
  let stored: RolloutProgress | undefined;
  const store: ProgressStore = {
    file: '/data/rollout-test.json',
    read: async () => ({ ok: true, value: stored }),
    write: async (p) => {
      saves.push(p);
      stored = p;
      return { ok: true, value: undefined };
    },
  };
  let clock = 0;
  const actions: ActionDeps = {
    profile,
    haproxy: () => haproxy.client(),
    transport: (node) => (node === 'head' ? head : (workers.get(node) as ReturnType<typeof fakeTransport>)),
    confirm: async () => true,
    user: 'alice',
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    pollMs: 10,
    process: { host: 'ops1', pid: 1 },
  };
  const events: RolloutEvent[] = [];
  const deps = { actions, store, emit: (e: RolloutEvent) => events.push(e), isRunning: () => false, checkTimeoutMs: 1000 };
  const nodes = (r: RolloutRequest) => {
    const found = resolveRollout(profile, r);
    if (!found.ok) throw new Error(found.reason);
    return found.value;
  };
  return { haproxy, head, workers, saves, deps, events, nodes, broken, store: () => stored };
}

const linesFor = (sent: readonly string[], server: string) => [...new Set(sent.filter((l) => l.startsWith('/run/haproxy/admin-1.sock: ') && l.includes(`/${server} `)).map((l) => l.replace(/^\S+ /, '')))];

describe('startRollout', () => {
  it('drains, restarts, forces a fresh check and readies each node in turn, under one lock, saving each step', async () => {
    const s = setup();
    expect(await startRollout(s.deps, request(), s.nodes(request()), { dryRun: false, yes: true })).toBe(0);
    expect(s.head.ran.filter((c) => c === 'lock' || c === 'unlock')).toEqual(['lock', 'unlock']);
    expect(s.haproxy.sent.filter((l) => l.includes('/p1 ') && l.startsWith('/run/haproxy/admin-1.sock')).map((l) => l.replace(/^\S+ /, ''))).toEqual([
      'set server web/p1 state drain',
      'set server api/p1 state drain',
      'set server web/p1 health down',
      'set server api/p1 health down',
      'set server web/p1 state ready',
      'set server api/p1 state ready',
    ]);
    expect(s.workers.get('p2')?.ran.some((c) => c.includes('restart') && c.includes('nginx'))).toBe(true);
    // Saved at every step: p1 through its phases while p2 and p3 wait, then p2's, then p3's.
    expect([...new Set(s.saves.map((p) => p.nodes.map((n) => n.phase).join(' ')))].slice(0, 6)).toEqual([
      'waiting waiting waiting',
      'draining waiting waiting',
      'restarting waiting waiting',
      'checking waiting waiting',
      'readying waiting waiting',
      'done waiting waiting',
    ]);
    expect(s.store()?.status).toBe('done');
    expect(s.events.at(-1)).toMatchObject({ event: 'done', nodes: ['p1', 'p2', 'p3'] });
    // p2's weight 3 is untouched by the drain and still 3 at the end.
    expect(s.haproxy.get('web/p2')).toMatchObject({ status: 'UP', weight: 3 });
  });

  it('stops at the first failure: the failed node stays out, the nodes before are serving, the nodes after untouched', async () => {
    const s = setup({ failRestartOn: 'p2' });
    expect(await startRollout(s.deps, request(), s.nodes(request()), { dryRun: false, yes: true })).toBe(1);
    const stopped = s.events.find((e) => e.event === 'stopped');
    expect(stopped).toMatchObject({ node: 'p2', phase: 'restarting', done: ['p1'], resume: 'picon rollout resume' });
    expect(s.haproxy.get('web/p1').status).toBe('UP');
    expect(s.haproxy.get('web/p2').status).toBe('DRAIN');
    expect(linesFor(s.haproxy.sent, 'p3')).toEqual([]);
    expect(s.store()).toMatchObject({ status: 'stopped', stopped: { node: 'p2', phase: 'restarting' } });
    expect(s.head.ran.filter((c) => c === 'lock' || c === 'unlock')).toEqual(['lock', 'unlock']);

    // Fixed, then resumed: p2 from its first step, then p3; p1 is left alone.
    s.broken.clear();
    const before = s.haproxy.sent.length;
    expect(await resumeRollout(s.deps, { dryRun: false, yes: true })).toBe(0);
    const after = s.haproxy.sent.slice(before);
    expect(linesFor(after, 'p1')).toEqual([]);
    expect(linesFor(after, 'p2')[0]).toBe('set server web/p2 state drain');
    expect(s.haproxy.get('web/p2')).toMatchObject({ status: 'UP', weight: 3 });
    expect(s.haproxy.get('web/p3').status).toBe('UP');
    expect(s.store()?.status).toBe('done');
  });

  it('sessions left at --wait-idle stop it, unless --shutdown-sessions cuts them', async () => {
    const waits = setup({ sessionsOn: 'p1' });
    expect(await startRollout(waits.deps, request(), waits.nodes(request()), { dryRun: false, yes: true })).toBe(1);
    expect(waits.events.find((e) => e.event === 'stopped')).toMatchObject({ node: 'p1', phase: 'draining', reason: 'still 2 sessions after --wait-idle 5 s; add --shutdown-sessions to cut them, or give a longer --wait-idle' });
    const cuts = setup({ sessionsOn: 'p1' });
    expect(await startRollout(cuts.deps, request({ shutdownSessions: true }), cuts.nodes(request()), { dryRun: false, yes: true })).toBe(0);
    expect(cuts.haproxy.sent).toContain('/run/haproxy/admin-1.sock: shutdown sessions server web/p1');
  });

  it('the last server UP: refused up front, nothing sent, no lock taken', async () => {
    const s = setup();
    for (const key of ['web/p2', 'web/p3']) Object.assign(s.haproxy.get(key), { status: 'MAINT', adminBits: 1 });
    expect(await startRollout(s.deps, request(), s.nodes(request()), { dryRun: false, yes: true })).toBe(1);
    expect(s.events).toEqual([{ event: 'refused', rollout: 'rollout restart nginx --all', reason: expect.stringMatching(/^p1 is the only server taking traffic in backend web/), refusedBy: 'guard' }]);
    expect(s.haproxy.sent).toEqual([]);
    expect(s.head.ran).toEqual([]);
  });

  it('a dry run plans and sends nothing; a progress file that cannot be written changes nothing', async () => {
    const dry = setup();
    expect(await startRollout(dry.deps, request({ batch: 2 }), dry.nodes(request()), { dryRun: true, yes: false })).toBe(0);
    // Backend api has only p1 and p2: the batch of two shrinks so that api keeps one.
    expect(dry.events[0]).toMatchObject({ event: 'plan', dryRun: true, batches: [['p1'], ['p2', 'p3']], notes: ['batch 1 is p1 (1 of 2): with p2 too, backend api would have no server taking traffic'] });
    expect(dry.haproxy.sent).toEqual([]);
    const full = setup();
    const deps = { ...full.deps, store: { ...full.deps.store, write: async () => ({ ok: false as const, reason: 'cannot save the rollout\'s progress in /data/rollout-test.json (no space left on device)' }) } };
    expect(await startRollout(deps, request(), full.nodes(request()), { dryRun: false, yes: true })).toBe(2);
    expect(full.haproxy.sent).toEqual([]);
  });
});
