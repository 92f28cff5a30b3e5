import { describe, expect, it } from 'vitest';
import { untilNextTick } from '../../src/core/util/aligned-tick.js';

describe('untilNextTick', () => {
  it.each([
    [1_795_791_104_000, 1000, 1000],
    [1_795_791_104_001, 1000, 999],
    [1_795_791_104_999, 1000, 1],
    [1_795_791_104_250, 500, 250],
    [0, 1000, 1000],
    [-250, 1000, 250],
  ])('at %i every %i ms waits %i ms', (now, interval, wait) => {
    expect(untilNextTick(now, interval)).toBe(wait);
  });

  it('brings callers that start at different moments to the same instant', () => {
    const starts = [1_000_003, 1_000_417, 1_000_998];
    expect(new Set(starts.map((t) => t + untilNextTick(t, 1000)))).toEqual(new Set([1_001_000]));
  });
});
