import { describe, expect, it } from 'vitest';
import { parseRolloutArgs } from '../../src/core/rollout/parse-rollout-args.js';
import { describeRollout, removalOf } from '../../src/core/rollout/rollout-request.js';

/** `picon rollout …` arguments (table-driven): what parses, into what, and the one line for what does not. */

describe('parseRolloutArgs', () => {
  it.each<[string, Record<string, unknown>]>([
    ['restart nginx --all', { change: { kind: 'restart', service: 'nginx' }, workers: 'all', batch: 1, waitIdleMs: 60_000, shutdownSessions: false, lockWaitMs: 10_000 }],
    ['restart nginx --workers p1,p2 --batch 2 --wait-idle 5 --shutdown-sessions', { workers: ['p1', 'p2'], batch: 2, waitIdleMs: 5000, shutdownSessions: true }],
    ['weight 3 --all', { change: { kind: 'weight', weight: { unit: 'absolute', amount: 3 } } }],
    ['weight 50% --workers p1', { change: { kind: 'weight', weight: { unit: 'percent', amount: 50 } }, workers: ['p1'] }],
    ['state drain --workers p1 --lock-wait 0', { change: { kind: 'state', state: 'drain' }, lockWaitMs: 0 }],
    ['restart nginx --all --wait-idle 0.5', { waitIdleMs: 500 }],
  ])('%s', (line, expected) => {
    const parsed = parseRolloutArgs(line.split(' '));
    expect(parsed.ok && parsed.value.kind === 'start' && parsed.value.request).toMatchObject({ kind: 'rollout', ...expected });
  });

  it('resume takes only --lock-wait', () => {
    expect(parseRolloutArgs(['resume'])).toEqual({ ok: true, value: { kind: 'resume', lockWaitMs: 10_000 } });
    expect(parseRolloutArgs(['resume', '--lock-wait', '3'])).toEqual({ ok: true, value: { kind: 'resume', lockWaitMs: 3000 } });
  });

  it.each<[string, string]>([
    ['', 'rollout: say what to roll out: restart SERVICE, weight N, state S, or resume'],
    ['reboot --all', 'rollout: unknown "reboot"; one of restart, weight, state, resume'],
    ['restart --all', 'rollout restart: missing SERVICE'],
    ['restart nginx', 'rollout: which nodes? give --workers p1,p2 or --all (every worker)'],
    ['restart nginx --all --workers p1', 'rollout: --workers and --all: give one of them'],
    ['restart nginx --workers p1,p1', '--workers: p1 is listed twice'],
    ['restart nginx --workers p1;x', '--workers: node "p1;x" must be'],
    ['restart ngi$nx --all', 'rollout restart: service "ngi$nx" must be'],
    ['restart nginx --all --batch 0', '--batch: 0 is not allowed; give a whole number of nodes from 1 to 1000'],
    ['restart nginx --all --wait-idle -1', '--wait-idle: -1 is not allowed'],
    ['weight 300 --all', 'rollout weight: weight 300 is too big'],
    ['state up --all', 'rollout state: up is not allowed; give one of ready, drain or maint'],
    ['resume --all', 'rollout resume: --all does not apply'],
    ['restart nginx extra --all', 'rollout: unexpected "extra"'],
    ['restart nginx --all --force', "rollout: Unknown option '--force'"],
  ])('%s → %s', (line, reason) => {
    const parsed = parseRolloutArgs(line === '' ? [] : line.split(' '));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.startsWith(reason)).toBe(true);
  });
});

describe('what a rollout is called and what it takes out', () => {
  it.each<[string, string, ReturnType<typeof removalOf>]>([
    ['restart nginx --all', 'rollout restart nginx --all', 'while-running'],
    ['weight 0 --workers p1,p2', 'rollout weight 0 --workers p1,p2', 'for-good'],
    ['weight 3 --all', 'rollout weight 3 --all', 'none'],
    ['state maint --all', 'rollout state maint --all', 'for-good'],
    ['state ready --all', 'rollout state ready --all', 'none'],
  ])('%s', (line, title, removal) => {
    const parsed = parseRolloutArgs(line.split(' '));
    if (!parsed.ok || parsed.value.kind !== 'start') throw new Error('does not parse');
    expect(describeRollout(parsed.value.request)).toBe(title);
    expect(removalOf(parsed.value.request.change)).toBe(removal);
  });
});
