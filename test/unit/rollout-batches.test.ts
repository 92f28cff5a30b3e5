import { describe, expect, it } from 'vitest';
import { planBatches, type Removal, type RolloutTarget, type ServerStanding } from '../../src/core/rollout/rollout-batches.js';

/** Batch planning with the last-UP guard: batches shrink where a backend would lose its last server, or the plan is refused up front. */

const node = (name: string, backends: readonly string[] = ['web']): RolloutTarget => ({ node: name, servers: backends.map((backend) => ({ backend, server: name })) });
const up = (server: string, backend = 'web'): ServerStanding => ({ backend, server, serving: true, status: 'UP' });
const out = (server: string, status: string, backend = 'web'): ServerStanding => ({ backend, server, serving: false, status });

const four = ['p1', 'p2', 'p3', 'pi3'].map((n) => node(n));
const allUp = ['p1', 'p2', 'p3', 'pi3'].map((n) => up(n));

describe('planBatches', () => {
  it.each<[string, readonly RolloutTarget[], readonly ServerStanding[], number, Removal, string[][], number]>([
    ['one at a time', four, allUp, 1, 'while-running', [['p1'], ['p2'], ['p3'], ['pi3']], 0],
    ['two at a time', four, allUp, 2, 'while-running', [['p1', 'p2'], ['p3', 'pi3']], 0],
    ['a batch of all shrinks to leave one serving', four, allUp, 4, 'while-running', [['p1', 'p2', 'p3'], ['pi3']], 1],
    ['a batch too big for the servers still serving shrinks', four, [up('p1'), up('p2'), up('p3'), out('pi3', 'DOWN')], 3, 'while-running', [['p1', 'p2'], ['p3', 'pi3']], 1],
    ['a node already out costs nothing', [node('p1'), node('p2')], [up('p1'), out('p2', 'MAINT'), up('p3')], 2, 'while-running', [['p1', 'p2']], 0],
    ['weight 3 needs no guard', four, allUp, 3, 'none', [['p1', 'p2', 'p3'], ['pi3']], 0],
    ['drain three of four for good, two at a time', four.slice(0, 3), allUp, 2, 'for-good', [['p1', 'p2'], ['p3']], 0],
    ['two backends, room in both', [node('p1', ['web', 'api']), node('p2', ['web'])], [up('p1'), up('p2'), up('p3'), up('p1', 'api'), up('p9', 'api')], 2, 'while-running', [['p1', 'p2']], 0],
    ['two backends: a batch stops where one of them would empty', [node('p1', ['web', 'api']), node('p9', ['web', 'api'])], [up('p1'), up('p9'), up('p3'), up('p1', 'api'), up('p9', 'api')], 2, 'while-running', [['p1'], ['p9']], 1],
  ])('%s', (_name, targets, servers, batch, removal, batches, notes) => {
    const plan = planBatches(targets, servers, batch, removal);
    expect(plan.ok && plan.value.batches).toEqual(batches);
    expect(plan.ok && plan.value.notes.length).toBe(notes);
  });

  it.each<[string, readonly RolloutTarget[], readonly ServerStanding[], Removal, RegExp]>([
    ['the only UP server is refused up front, naming the others', four, [up('p1'), out('p2', 'DRAIN'), out('p3', 'DOWN'), out('pi3', 'MAINT')], 'while-running', /^p1 is the only server taking traffic in backend web \(the others: p2 DRAIN, p3 DOWN, pi3 MAINT\)/],
    ['draining every worker for good', four, allUp, 'for-good', /^it would leave backend web with no server taking traffic/],
    ['a server HAProxy does not have', [node('p7')], allUp, 'while-running', /^HAProxy has no server web\/p7 \(node p7\)/],
    ['a one-server backend', [node('solo')], [up('solo')], 'while-running', /^solo is the only server taking traffic in backend web \(the others: no other server\)/],
  ])('refuses: %s', (_name, targets, servers, removal, reason) => {
    const plan = planBatches(targets, servers, 1, removal);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toMatch(reason);
  });

  it('says why a batch is smaller than asked', () => {
    const plan = planBatches(four, allUp, 4, 'while-running');
    expect(plan.ok && plan.value.notes).toEqual(['batch 1 is p1, p2, p3 (3 of 4): with pi3 too, backend web would have no server taking traffic']);
  });
});
