import { describe, expect, it } from 'vitest';
import { parseNetDev, type InterfaceCounters } from '../../src/core/health/net-dev.js';
import { parseProcStat, type ProcStat } from '../../src/core/health/proc-stat.js';
import { cpuUsage, networkRates } from '../../src/core/health/rates.js';
import { fixture } from './health-fixtures.js';

const stat = (name: string): ProcStat => {
  const result = parseProcStat(fixture(name));
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};
const net = (text: string): readonly InterfaceCounters[] => {
  const result = parseNetDev(text);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

describe('cpuUsage from two /proc/stat samples', () => {
  it('Pi Zero: 80 of 100 jiffies busy → 80 %', () => {
    const result = cpuUsage(stat('pi/zero-stat.1'), stat('pi/zero-stat.2'));
    expect(result).toEqual({ ok: true, value: { busyPercent: 80, iowaitPercent: 0, cores: [{ cpu: 0, busyPercent: 80 }] } });
  });

  it('captured host: total and per core from the deltas', () => {
    const result = cpuUsage(stat('host/stat.1'), stat('host/stat.2'));
    // all: busy 250+41+2 = 293 of 293+107 idle; cpu0: 121+22+2 of +55 idle; cpu1: 129+19 of +52 idle
    expect(result.ok && result.value.busyPercent).toBeCloseTo((293 / 400) * 100, 6);
    expect(result.ok && result.value.cores).toEqual([
      { cpu: 0, busyPercent: (145 / 200) * 100 },
      { cpu: 1, busyPercent: (148 / 200) * 100 },
    ]);
  });

  it('counts iowait as idle and reports it apart', () => {
    const a = parseProcStat('cpu  100 0 0 100 0 0 0 0 0 0\n');
    const b = parseProcStat('cpu  110 0 0 150 40 0 0 0 0 0\n');
    expect(a.ok && b.ok && cpuUsage(a.value, b.value)).toEqual({
      ok: true,
      value: { busyPercent: 10, iowaitPercent: 40, cores: [] },
    });
  });

  it('no time between samples → a reason, not a division by zero', () => {
    const result = cpuUsage(stat('pi/zero-stat.1'), stat('pi/zero-stat.1'));
    expect(!result.ok && result.reason).toMatch(/no CPU time passed/);
  });

  it('counters going backwards (a reboot) → a reason, never a negative percentage', () => {
    const result = cpuUsage(stat('pi/zero-stat.2'), stat('pi/zero-stat.1'));
    expect(!result.ok && result.reason).toMatch(/went backwards/);
  });

  it('a CPU that went offline or came online has no per-core figure', () => {
    const before = parseProcStat('cpu  100 0 0 100\ncpu0 50 0 0 50\ncpu1 50 0 0 50\n');
    const after = parseProcStat('cpu  160 0 0 140\ncpu0 80 0 0 70\ncpu2 30 0 0 20\n');
    const result = before.ok && after.ok && cpuUsage(before.value, after.value);
    expect(result && result.ok && result.value.cores).toEqual([{ cpu: 0, busyPercent: 60 }]);
  });
});

describe('networkRates from two /proc/net/dev samples', () => {
  const zero1 = net(fixture('pi/zero-net-dev.1'));
  const zero2 = net(fixture('pi/zero-net-dev.2'));

  it('skips lo by default and sums the rest, per second', () => {
    expect(networkRates(zero1, zero2, 2)).toEqual({
      ok: true,
      value: {
        rxBytesPerSecond: 50_000,
        txBytesPerSecond: 10_000,
        interfaces: [{ name: 'wlan0', rxBytesPerSecond: 50_000, txBytesPerSecond: 10_000 }],
      },
    });
  });

  it('counts lo when asked', () => {
    const result = networkRates(zero1, zero2, 1, { includeLoopback: true });
    expect(result.ok && result.value.rxBytesPerSecond).toBe(110_000);
    expect(result.ok && result.value.interfaces.map((i) => i.name)).toEqual(['lo', 'wlan0']);
  });

  it('captured host: idle interfaces count as 0 B/s', () => {
    const result = networkRates(net(fixture('host/net-dev.1')), net(fixture('host/net-dev.2')), 2);
    expect(result.ok && result.value.interfaces.map((i) => [i.name, i.rxBytesPerSecond])).toEqual([
      ['ifb0', 0],
      ['ifb1', 0],
      ['eth0', 0],
    ]);
    const withLo = networkRates(net(fixture('host/net-dev.1')), net(fixture('host/net-dev.2')), 2, { includeLoopback: true });
    expect(withLo.ok && withLo.value.rxBytesPerSecond).toBe((604326 - 566454) / 2);
  });

  it('an interface that appeared since the last sample gets a rate next time', () => {
    const result = networkRates(zero1.filter((i) => i.name !== 'wlan0'), zero2, 1);
    expect(result.ok && result.value).toEqual({ rxBytesPerSecond: 0, txBytesPerSecond: 0, interfaces: [] });
  });

  it('counters going backwards → a reason, never a negative rate', () => {
    const result = networkRates(zero2, zero1, 1);
    expect(!result.ok && result.reason).toMatch(/wlan0 counters went backwards/);
  });

  it('no time between samples → a reason', () => {
    expect(networkRates(zero1, zero2, 0).ok).toBe(false);
  });
});
