import { describe, expect, it } from 'vitest';
import { readFailed, readMissing, readValue } from '../../src/core/health/metric.js';
import { initialHealth, type NodeHealth, type RawReads } from '../../src/core/health/node-health.js';
import { stepHealth } from '../../src/core/health/health-step.js';
import { fixture } from './health-fixtures.js';

const T0 = 1_700_000_000_000;
const start = (): NodeHealth => initialHealth('zero1', ['nginx', 'app'], T0);

const piZeroFirst: RawReads = {
  stat: readValue(fixture('pi/zero-stat.1')),
  loadavg: readValue(fixture('pi/zero-loadavg')),
  meminfo: readValue(fixture('pi/meminfo-zero')),
  netDev: readValue(fixture('pi/zero-net-dev.1')),
  uptime: readValue(fixture('pi/zero-uptime')),
  disk: readValue({ f_bsize: 4096, f_frsize: 4096, f_blocks: 1000, f_bfree: 600, f_bavail: 550 }),
  temperature: { source: 'thermal-zone', read: readValue(fixture('pi/thermal_zone0-temp')) },
  armClock: { source: 'cpufreq', read: readValue(fixture('pi/scaling_cur_freq')) },
  armClockMax: { source: 'cpufreq', read: readValue(fixture('pi/cpuinfo_max_freq')) },
  throttling: { source: 'sysfs', read: readValue(fixture('pi/sysfs-get_throttled')) },
  board: readValue(fixture('pi/device-tree-model')),
  services: readValue({ nginx: { code: 0, output: 'active' }, app: { code: 3, output: 'inactive' } }),
};
const piZeroSecond: RawReads = {
  stat: readValue(fixture('pi/zero-stat.2')),
  netDev: readValue(fixture('pi/zero-net-dev.2')),
};

describe('stepHealth', () => {
  it('starts with every metric unknown, "not read yet"', () => {
    const health = start();
    expect(health.cpu).toEqual({ state: 'unknown', reason: 'not read yet' });
    expect(health.services).toEqual([
      { name: 'nginx', state: { state: 'unknown', reason: 'not read yet' } },
      { name: 'app', state: { state: 'unknown', reason: 'not read yet' } },
    ]);
  });

  it('first poll: levels are known, rates wait for a second sample', () => {
    const h = stepHealth(start(), piZeroFirst, T0 + 1000);
    expect(h.cpu).toEqual({ state: 'unknown', reason: 'CPU use needs a second sample' });
    expect(h.network).toEqual({ state: 'unknown', reason: 'network traffic needs a second sample' });
    expect(h.load).toMatchObject({ state: 'ok', value: { load1: 1.21, load5: 0.98, load15: 0.77 } });
    expect(h.memory).toMatchObject({ state: 'ok', value: { usedBytes: (443208 - 339120) * 1024 } });
    expect(h.disk).toMatchObject({ state: 'ok', value: { usedBytes: 400 * 4096, totalBytes: 1000 * 4096 } });
    expect(h.uptimeSeconds).toEqual({ state: 'ok', value: 151210.42, at: T0 + 1000 });
    expect(h.temperature).toMatchObject({ state: 'ok', value: { celsius: 48.312, source: 'thermal-zone' } });
    expect(h.armClock).toMatchObject({ state: 'ok', value: { hz: 700_000_000, source: 'cpufreq' } });
    expect(h.armClockMax).toMatchObject({ state: 'ok', value: { hz: 1_000_000_000 } });
    expect(h.throttling).toMatchObject({
      state: 'ok',
      value: { raw: 0x50005, source: 'sysfs', now: { underVoltage: true, throttled: true, armFrequencyCapped: false } },
    });
    expect(h.board).toMatchObject({ state: 'ok', value: 'Raspberry Pi Zero W Rev 1.1' });
    expect(h.services).toEqual([
      { name: 'nginx', state: { state: 'ok', value: { running: true, detail: 'active' }, at: T0 + 1000 } },
      { name: 'app', state: { state: 'ok', value: { running: false, detail: 'inactive' }, at: T0 + 1000 } },
    ]);
  });

  it('second poll: CPU % and bytes/s from the deltas; metrics not read keep their value', () => {
    const first = stepHealth(start(), piZeroFirst, T0 + 1000);
    const h = stepHealth(first, piZeroSecond, T0 + 2000);
    expect(h.cpu).toEqual({
      state: 'ok',
      value: { busyPercent: 80, iowaitPercent: 0, cores: [{ cpu: 0, busyPercent: 80 }] },
      at: T0 + 2000,
    });
    expect(h.network).toMatchObject({ state: 'ok', value: { rxBytesPerSecond: 100_000, txBytesPerSecond: 20_000 } });
    expect(h.load).toBe(first.load);
    expect(h.services).toBe(first.services);
  });

  it('rates use the time between the samples actually taken', () => {
    const first = stepHealth(start(), piZeroFirst, T0);
    const h = stepHealth(first, piZeroSecond, T0 + 4000);
    expect(h.network).toMatchObject({ value: { rxBytesPerSecond: 25_000 } });
  });

  it('a failed read keeps the last value, stale, with the reason', () => {
    const first = stepHealth(start(), piZeroFirst, T0 + 1000);
    const h = stepHealth(first, { loadavg: readFailed('zero1: connection lost') }, T0 + 2000);
    expect(h.load).toMatchObject({ state: 'stale', reason: 'zero1: connection lost', at: T0 + 1000, value: { load1: 1.21 } });
  });

  it('a failed read with no earlier value is unknown', () => {
    const h = stepHealth(start(), { meminfo: readFailed('timed out') }, T0);
    expect(h.memory).toEqual({ state: 'unknown', reason: 'timed out' });
  });

  it('garbage keeps the last value, stale, with the parser\'s reason', () => {
    const first = stepHealth(start(), piZeroFirst, T0 + 1000);
    const h = stepHealth(first, { temperature: { source: 'thermal-zone', read: readValue('garbage') } }, T0 + 2000);
    expect(h.temperature).toMatchObject({ state: 'stale', value: { celsius: 48.312 } });
    expect(h.temperature.state === 'stale' && h.temperature.reason).toMatch(/thermal zone temp/);
  });

  it('a missing sensor or command is unknown, never an error', () => {
    const h = stepHealth(start(), {
      temperature: { source: 'vcgencmd', read: readMissing('no thermal zone, and vcgencmd is not installed') },
      throttling: { source: 'vcgencmd', read: readMissing('not a Raspberry Pi') },
      board: readMissing('no /proc/device-tree/model'),
    }, T0);
    expect(h.temperature).toEqual({ state: 'unknown', reason: 'no thermal zone, and vcgencmd is not installed' });
    expect(h.throttling).toEqual({ state: 'unknown', reason: 'not a Raspberry Pi' });
    expect(h.board).toEqual({ state: 'unknown', reason: 'no /proc/device-tree/model' });
  });

  it('vcgencmd readings are parsed as vcgencmd replies', () => {
    const h = stepHealth(start(), {
      temperature: { source: 'vcgencmd', read: readValue(fixture('pi/vcgencmd-measure_temp')) },
      armClock: { source: 'vcgencmd', read: readValue(fixture('pi/vcgencmd-measure_clock-arm')) },
      throttling: { source: 'vcgencmd', read: readValue(fixture('pi/vcgencmd-get_throttled')) },
    }, T0);
    expect(h.temperature).toMatchObject({ value: { celsius: 48.3, source: 'vcgencmd' } });
    expect(h.armClock).toMatchObject({ value: { hz: 600_000_000, source: 'vcgencmd' } });
    expect(h.throttling).toMatchObject({ value: { raw: 0x50005, sinceBoot: { underVoltage: true } } });
  });

  it('counters going backwards (reboot): CPU stays at its last value, stale; the next poll has a rate again', () => {
    const a = stepHealth(start(), { stat: readValue(fixture('pi/zero-stat.1')) }, T0);
    const b = stepHealth(a, { stat: readValue(fixture('pi/zero-stat.2')) }, T0 + 1000);
    const rebooted = stepHealth(b, { stat: readValue(fixture('pi/zero-stat.1')) }, T0 + 2000);
    expect(rebooted.cpu).toMatchObject({ state: 'stale', value: { busyPercent: 80 }, at: T0 + 1000 });
    expect(rebooted.cpu.state === 'stale' && rebooted.cpu.reason).toMatch(/went backwards/);
    const after = stepHealth(rebooted, { stat: readValue(fixture('pi/zero-stat.2')) }, T0 + 3000);
    expect(after.cpu).toMatchObject({ state: 'ok', value: { busyPercent: 80 } });
  });

  it('a failed /proc/stat read keeps the older counters, so the next rate spans both intervals', () => {
    const a = stepHealth(start(), { stat: readValue(fixture('pi/zero-stat.1')) }, T0);
    const b = stepHealth(a, { stat: readFailed('timeout') }, T0 + 1000);
    expect(b.cpu).toEqual({ state: 'unknown', reason: 'timeout' });
    const c = stepHealth(b, { stat: readValue(fixture('pi/zero-stat.2')) }, T0 + 2000);
    expect(c.cpu).toMatchObject({ state: 'ok', value: { busyPercent: 80 } });
  });

  it('services: a failed batch goes stale; a check that could not run is unknown', () => {
    const first = stepHealth(start(), piZeroFirst, T0);
    const failed = stepHealth(first, { services: readFailed('zero1: channel refused') }, T0 + 1000);
    expect(failed.services[0]?.state).toMatchObject({ state: 'stale', value: { running: true }, reason: 'zero1: channel refused' });
    const notFound = stepHealth(first, {
      services: readValue({ nginx: { code: 127, output: 'systemctl: not found' }, app: { code: 0, output: 'active' } }),
    }, T0 + 1000);
    expect(notFound.services.map((s) => s.state.state)).toEqual(['unknown', 'ok']);
  });
});
