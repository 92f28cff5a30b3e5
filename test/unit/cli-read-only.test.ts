import { describe, expect, it } from 'vitest';
import { findCommand, labEffect } from '../../src/cli/commands.js';
import { commandEffect, refuseIfReadOnly } from '../../src/cli/read-only.js';
import { readOnlyRefusal, type CommandEffect } from '../../src/core/actions/catalog.js';

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

describe('the command line applies the rule from the command table, before a command loads', () => {
  const refusal = (readOnly: boolean, line: string): string | undefined => {
    const [name = '', ...args] = line.split(' ');
    try {
      refuseIfReadOnly(readOnly, findCommand(name)!, args);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  it.each<[string, string | undefined]>([
    ['drain p1 --wait --wait-timeout 5', 'drain p1: refused, picon is running --read-only (it changes the cluster)'],
    ['weight p1 50% --backend web', 'weight p1 50%: refused, picon is running --read-only (it changes the cluster)'],
    ['bench home -n 20 -c 2', 'bench home: refused, picon is running --read-only (it loads the cluster)'],
    ['bench -c 2 --url http://x/', 'bench http://x/: refused, picon is running --read-only (it loads the cluster)'],
    ['bench', undefined],
    ['bench history --all', undefined],
    ['bench compare last last~1', undefined],
    ['lab stop p1 nginx --dir /tmp/x', "lab stop: refused, picon is running --read-only (it starts, stops or changes the lab's processes)"],
    ['lab status --dir /tmp/x', undefined],
    ['status --timeout 3', undefined],
    ['profile use lab', undefined],
  ])('picon --read-only %s', (line, expected) => {
    expect(refusal(true, line)).toBe(expected);
    expect(refusal(false, line)).toBeUndefined();
  });

  it('a flag value is not taken for an argument', () => {
    expect(commandEffect(findCommand('lab')!, ['--dir', 'status'])).toEqual({ effect: 'reads', title: 'lab' });
    expect(commandEffect(findCommand('bench')!, ['-c', '5'])).toEqual({ effect: 'reads', title: 'bench' });
  });
});
