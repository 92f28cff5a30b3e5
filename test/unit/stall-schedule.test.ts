import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseStallFile, stallChoice, stallHoldMs } from '../../src/core/lab/stall-schedule.js';

/** `picon lab stall`: the schedule the lab app keeps, and the flags that make it. */

describe('stallHoldMs', () => {
  const s = { everyMs: 3000, forMs: 1000, sinceMs: 10_000 };
  it.each([
    [9_999, 0],
    [10_000, 1000],
    [10_250, 750],
    [10_999, 1],
    [11_000, 0],
    [12_999, 0],
    [13_000, 1000],
    [13_400, 600],
    [310_000, 1000],
  ])('at %d ms a response waits %d ms', (now, wait) => {
    expect(stallHoldMs(s, now)).toBe(wait);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['3s', 3000],
    ['1.5s', 1500],
    ['500ms', 500],
    [' 2s ', 2000],
    ['0s', undefined],
    ['3', undefined],
    ['-1s', undefined],
    ['1e3ms', undefined],
    ['3 s', undefined],
    ['s', undefined],
    ['', undefined],
    ['1m', undefined],
  ])('%j → %j', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});

describe('stallChoice', () => {
  it.each([
    ['3s', '1s', { ok: true, everyMs: 3000, forMs: 1000 }],
    ['500ms', '100ms', { ok: true, everyMs: 500, forMs: 100 }],
    [undefined, '1s', { ok: false, reason: 'lab stall needs --every DURATION and --for DURATION (e.g. --every 3s --for 1s), or --off' }],
    ['3s', undefined, { ok: false }],
    ['50ms', '10ms', { ok: false, reason: '--every: "50ms" is not allowed; give a duration from 100ms to 3600s, such as 3s' }],
    ['3', '1s', { ok: false }],
    ['3s', '3s', { ok: false, reason: '--for: "3s" is not allowed; give a duration above 0 and shorter than --every (3s), such as 1s' }],
    ['3s', 'soon', { ok: false }],
  ])('--every %j --for %j → %o', (every, forText, want) => {
    expect(stallChoice(every, forText)).toMatchObject(want);
  });
});

describe('parseStallFile', () => {
  it.each([
    ['{"everyMs":3000,"forMs":1000,"sinceMs":5}', { everyMs: 3000, forMs: 1000, sinceMs: 5 }],
    ['{"everyMs":3000,"forMs":3000,"sinceMs":5}', undefined],
    ['{"everyMs":3000,"forMs":0,"sinceMs":5}', undefined],
    ['{"everyMs":"3000","forMs":1000,"sinceMs":5}', undefined],
    ['{"everyMs":3000,"forMs":1000}', undefined],
    ['{"everyMs":30', undefined],
    ['', undefined],
    ['null', undefined],
  ])('%j → %o', (text, want) => {
    expect(parseStallFile(text)).toEqual(want);
  });
});
