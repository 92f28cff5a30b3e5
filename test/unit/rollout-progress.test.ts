import { describe, expect, it } from 'vitest';
import { decideResume, type ResumeContext } from '../../src/core/rollout/resume-decision.js';
import { eventLine, planLines, stoppedLine } from '../../src/core/rollout/rollout-events.js';
import { finished, parseProgress, progressLine, stoppedAt, withPhase, type NodePhase, type RolloutProgress } from '../../src/core/rollout/rollout-progress.js';
import { checkSaysUp, savedServer } from '../../src/core/rollout/server-standing.js';

/** The rollout's progress as a state machine, what resume decides from it, and the lines and events it prints. */

const t0 = new Date('2026-12-07T04:00:00Z');
const me = { host: 'ops1', pid: 4242, start: 'boot:1' };

function progress(phases: Record<string, NodePhase>, rest: Partial<RolloutProgress> = {}): RolloutProgress {
  return {
    version: 1,
    id: 'abc',
    profile: 'lab',
    title: 'rollout restart nginx --all',
    request: { kind: 'rollout', change: { kind: 'restart', service: 'nginx' }, workers: 'all', batch: 1, waitIdleMs: 60_000, shutdownSessions: false },
    batches: Object.keys(phases).map((n) => [n]),
    nodes: Object.entries(phases).map(([node, phase]) => ({ node, phase, servers: [{ backend: 'web', server: node, state: 'ready', weight: node === 'p2' ? 3 : 1 }] })),
    status: 'running',
    startedAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
    process: me,
    ...rest,
  };
}

describe('the progress state machine', () => {
  it('moves nodes through their phases and says so in one line', () => {
    let p = progress({ p1: 'waiting', p2: 'waiting', p3: 'waiting' });
    expect(progressLine(p)).toBe('p1 waiting · p2 waiting · p3 waiting');
    for (const phase of ['draining', 'restarting', 'checking', 'readying', 'done'] as const) p = withPhase(p, ['p1'], phase, t0);
    p = withPhase(p, ['p2'], 'restarting', t0);
    expect(progressLine(p)).toBe('p1 done · p2 restarting · p3 waiting');
    const stopped = stoppedAt(p, 'p2', 'nginx on p2 exited at start', new Date('2026-12-07T04:01:00Z'));
    expect(stopped).toMatchObject({ status: 'stopped', stopped: { node: 'p2', phase: 'restarting', reason: 'nginx on p2 exited at start', at: '2026-12-07T04:01:00.000Z' } });
    const done = finished(withPhase(stopped, ['p2', 'p3'], 'done', t0), t0);
    expect(done.status).toBe('done');
    expect(done.stopped).toBeUndefined();
  });

  it('never changes the progress it is given (each save is a whole new value)', () => {
    const p = progress({ p1: 'waiting' });
    withPhase(p, ['p1'], 'draining', t0);
    expect(p.nodes[0]?.phase).toBe('waiting');
  });

  it.each<[string, string, RegExp | null]>([
    ['what it wrote', JSON.stringify(progress({ p1: 'done', p2: 'checking' })), null],
    ['cut short by a kill (a write that is not rename-whole)', JSON.stringify(progress({ p1: 'done' })).slice(0, 80), /is not JSON \(cut short or edited\)/],
    ['another version', JSON.stringify({ ...progress({ p1: 'done' }), version: 2 }), /not a rollout progress file of this picon/],
    ['a phase it does not know', JSON.stringify(progress({ p1: 'rebooting' as NodePhase })), /no nodes/],
    ['no request', JSON.stringify({ ...progress({ p1: 'done' }), request: null }), /no request/],
  ])('reads back %s', (_name, text, refused) => {
    const read = parseProgress(text, '/d/rollout-lab.json');
    expect(read.ok).toBe(refused === null);
    if (!read.ok && refused !== null) expect(read.reason).toMatch(refused);
  });
});

describe('decideResume', () => {
  const ctx = (over: Partial<ResumeContext> = {}): ResumeContext => ({
    profile: 'lab',
    file: '/d/rollout-lab.json',
    nodes: ['p1', 'p2', 'p3'].map((name) => ({ name, services: ['nginx', 'webapp'], servers: [`web/${name}`] })),
    haproxyServers: ['web/p1', 'web/p2', 'web/p3'],
    isRunning: () => false,
    ...over,
  });

  it('goes on with the nodes not done, each from its first step', () => {
    const d = decideResume(stoppedAt(progress({ p1: 'done', p2: 'restarting', p3: 'waiting' }), 'p2', 'failed', t0), ctx());
    expect(d.ok && d.value.remaining.map((n) => `${n.node} ${n.phase}`)).toEqual(['p2 restarting', 'p3 waiting']);
    expect(d.ok && d.value.done).toEqual(['p1']);
    expect(d.ok && d.value.stoppedAt).toBe('p2');
    // What ready restores comes from the file: p2's weight 3 from before the rollout drained it.
    expect(d.ok && d.value.remaining[0]?.servers[0]?.weight).toBe(3);
  });

  it.each<[string, RolloutProgress | undefined, Partial<ResumeContext>, string]>([
    ['nothing saved', undefined, {}, 'no rollout to resume for profile lab (nothing saved in /d/rollout-lab.json)'],
    ['finished', { ...progress({ p1: 'done' }), status: 'done' }, {}, 'the last rollout (rollout restart nginx --all) finished at 2026-12-07T04:00:00.000Z; nothing to resume'],
    ['still running', progress({ p1: 'draining' }), { isRunning: () => true }, 'rollout restart nginx --all is still running (pid 4242 on ops1); wait for it, or stop it first'],
    ['another profile', progress({ p1: 'draining' }, { profile: 'pis' }), {}, '/d/rollout-lab.json is a rollout of profile pis, not lab'],
    ['a node gone from the profile', progress({ p1: 'done', p4: 'waiting' }), {}, 'p4 is no longer in profile lab; the saved rollout cannot go on — start a new one'],
    ['a server gone from HAProxy', progress({ p1: 'done', p3: 'waiting' }), { haproxyServers: ['web/p1', 'web/p2'] }, 'HAProxy has no server web/p3 (node p3) any more; the saved rollout cannot go on — start a new one'],
    ['a service gone from the node', progress({ p2: 'waiting' }), { nodes: [{ name: 'p2', services: ['webapp'], servers: ['web/p2'] }] }, 'p2 no longer lists service nginx; the saved rollout cannot go on — start a new one'],
  ])('refuses: %s', (_name, saved, over, reason) => {
    expect(decideResume(saved, ctx(over))).toEqual({ ok: false, reason });
  });

  it('a picon that was killed (status still running, its process gone) is resumed', () => {
    const d = decideResume(progress({ p1: 'done', p2: 'checking' }), ctx({ isRunning: () => false }));
    expect(d.ok && d.value.remaining.map((n) => n.node)).toEqual(['p2']);
    expect(d.ok && d.value.stoppedAt).toBeUndefined();
  });
});

describe('what HAProxy says, read for a rollout', () => {
  it.each<[string | null, boolean]>([
    ['UP', true],
    ['DRAIN', true],
    ['NOLB', true],
    ['DOWN', false],
    ['DOWN 1/2', false],
    ['UP 1/2', false],
    ['MAINT', false],
    ['no check', false],
    [null, false],
  ])('check says UP for %s: %s', (status, up) => {
    expect(checkSaysUp(status)).toBe(up);
  });

  it.each<[number | undefined, string]>([
    [0, 'ready'],
    [0x08, 'drain'],
    [0x01, 'maint'],
    [0x09, 'maint'],
    [0x04, 'ready'],
    [undefined, 'ready'],
  ])('admin bits %s are restored as %s', (bits, state) => {
    const saved = savedServer(bits === undefined ? undefined : { backend: 'web', server: 'p1', maintenance: false, draining: false, adminBits: bits, userWeight: 3 }, 'web', 'p1', 1);
    expect(saved).toEqual({ backend: 'web', server: 'p1', state, weight: bits === undefined ? 1 : 3 });
  });
});

describe('event lines', () => {
  it('a stop names the node, the step, why, what is serving and how to resume', () => {
    expect(stoppedLine({ event: 'stopped', rollout: 'rollout restart nginx --all', node: 'p3', phase: 'restarting', reason: 'nginx on p3 exited at start', done: ['p1', 'p2'], resume: 'picon rollout resume' })).toBe(
      'rollout restart nginx --all: stopped at p3 (restarting): nginx on p3 exited at start; p1, p2 done and serving; p3 is left out of rotation — fix it, then run `picon rollout resume`',
    );
  });

  it.each<[Parameters<typeof eventLine>[0], string | undefined]>([
    [{ event: 'phase', node: 'p1', phase: 'draining', batch: 1 }, undefined],
    [{ event: 'note', node: 'p1', message: '2 sessions left' }, 'p1: 2 sessions left'],
    [{ event: 'refused', rollout: 'rollout restart nginx --all', reason: 'p1 is the only server taking traffic' }, 'rollout restart nginx --all: refused: p1 is the only server taking traffic'],
    [{ event: 'done', rollout: 'rollout restart nginx --all', nodes: ['p1', 'p2'], seconds: 12.4 }, 'rollout restart nginx --all: done: p1, p2 in 12 s'],
  ])('%j', (event, line) => {
    expect(eventLine(event)).toBe(line);
  });

  it('a dry run lists the batches, the notes and every command', () => {
    expect(
      planLines({
        event: 'plan', rollout: 'rollout restart nginx --all', id: 'x', dryRun: true, resumed: false, batches: [['p1', 'p2'], ['p3']], notes: ['batch 1 is p1, p2 (2 of 3): …'],
        commands: [{ node: 'head', kind: 'runtime-api', socket: '/run/haproxy/admin.sock', line: 'set server web/p1 state drain' }, { node: 'p1', kind: 'shell', line: "systemctl restart 'nginx'" }],
      }),
    ).toEqual([
      'rollout restart nginx --all: dry run, nothing changed',
      '  batch 1: p1, p2',
      '  batch 2: p3',
      '  note: batch 1 is p1, p2 (2 of 3): …',
      '    head /run/haproxy/admin.sock: set server web/p1 state drain',
      "    p1 $ systemctl restart 'nginx'",
    ]);
  });
});
