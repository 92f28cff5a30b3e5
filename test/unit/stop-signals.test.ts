import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGNAL_EXIT_CODES, watchStopSignals, type StopSignal } from '../../src/cli/stop-signals.js';

/** The CLI's stop signals against a stand-in process: what stops, what exits, with which code. */

let proc: EventEmitter;
let clock: number;
let exits: number[];
let stops: StopSignal[];
let exitNow: string[];

function watch(graceMs = 5_000) {
  return watchStopSignals({
    graceMs,
    onStop: (s) => stops.push(s),
    onExitNow: (s, why) => exitNow.push(`${s} ${why}`),
    exit: (code) => exits.push(code),
    process: proc as unknown as NodeJS.Process,
    now: () => clock,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  proc = new EventEmitter();
  clock = 1_000_000;
  exits = [];
  stops = [];
  exitNow = [];
});
afterEach(() => vi.useRealTimers());

describe('watchStopSignals', () => {
  it.each<[StopSignal, number]>([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('%s stops the run once and its exit code is %i', (signal, code) => {
    const w = watch();
    proc.emit(signal);
    expect(stops).toEqual([signal]);
    expect(w.received()).toBe(signal);
    expect(SIGNAL_EXIT_CODES[signal]).toBe(code);
    expect(exits).toEqual([]);
  });

  it('a second signal exits at once, with its own code', () => {
    watch();
    proc.emit('SIGTERM');
    clock += 1_000;
    proc.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(exitNow).toEqual(['SIGINT second signal']);
    expect(stops).toEqual(['SIGTERM']);
  });

  it('the same signal echoed within a few ms (when-exit sends it again) is not a second one; later it is', () => {
    watch();
    proc.emit('SIGTERM');
    clock += 5;
    proc.emit('SIGTERM');
    expect(exits).toEqual([]);
    clock += 1_000;
    proc.emit('SIGTERM');
    expect(exits).toEqual([143]);
  });

  it('a wind-down that hangs ends at the grace, saying so', () => {
    watch(5_000);
    proc.emit('SIGHUP');
    vi.advanceTimersByTime(4_999);
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(exits).toEqual([129]);
    expect(exitNow).toEqual(['SIGHUP grace over']);
  });

  it('once disposed: signals are the default again, and a held process still ends quietly at the grace', () => {
    const w = watch(5_000);
    proc.emit('SIGTERM');
    clock += 3_000;
    vi.advanceTimersByTime(3_000);
    w.dispose();
    expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT') + proc.listenerCount('SIGHUP')).toBe(0);
    vi.advanceTimersByTime(1_999);
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(exits).toEqual([143]);
    expect(exitNow).toEqual([]);
  });

  it('disposed without a signal: nothing is armed', () => {
    watch().dispose();
    vi.advanceTimersByTime(60_000);
    expect(exits).toEqual([]);
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });
});
