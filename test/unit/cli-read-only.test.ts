import { describe, expect, it } from 'vitest';
import { labEffect, readOnlyRefusal, type CommandEffect } from '../../src/cli/read-only.js';

/** --read-only's one rule: what changes or loads a cluster is refused, what reads goes on. */

describe('readOnlyRefusal', () => {
  it.each<[CommandEffect, string | undefined]>([
    ['reads', undefined],
    ['changes-cluster', 'drain p1: refused, picon is running --read-only (it changes the cluster)'],
    ['loads-cluster', 'drain p1: refused, picon is running --read-only (it loads the cluster)'],
    ['changes-lab', "drain p1: refused, picon is running --read-only (it starts, stops or changes the lab's processes)"],
  ])('%s under --read-only: %s', (effect, expected) => {
    expect(readOnlyRefusal(true, 'drain p1', effect)).toBe(expected);
  });

  it.each<CommandEffect>(['reads', 'changes-cluster', 'loads-cluster', 'changes-lab'])('%s without --read-only: allowed', (effect) => {
    expect(readOnlyRefusal(false, 'x', effect)).toBeUndefined();
  });
});

describe('labEffect', () => {
  it.each([
    [undefined, 'reads'],
    ['status', 'reads'],
    ['is-active', 'reads'],
    ['up', 'changes-lab'],
    ['down', 'changes-lab'],
    ['stop', 'changes-lab'],
    ['start', 'changes-lab'],
    ['kill', 'changes-lab'],
    ['freeze', 'changes-lab'],
    ['restart', 'changes-lab'],
    ['anything-new', 'changes-lab'],
  ])('lab %s: %s', (sub, effect) => {
    expect(labEffect(sub)).toBe(effect);
  });
});
