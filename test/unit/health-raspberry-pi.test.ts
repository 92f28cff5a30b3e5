import { describe, expect, it } from 'vitest';
import {
  parseGetThrottled,
  parseMeasureClock,
  parseMeasureTemp,
  parseSysfsThrottled,
} from '../../src/core/health/raspberry-pi.js';
import { isRaspberryPi, parseCpufreqKhz, parseDeviceTreeModel, parseThermalZone } from '../../src/core/health/sysfs.js';
import { decodeThrottling, throttleLabels } from '../../src/core/health/throttling.js';
import { fixture } from './health-fixtures.js';

const none = { underVoltage: false, armFrequencyCapped: false, throttled: false, softTemperatureLimit: false };

describe('decodeThrottling: one bit per condition now (0–3) and since boot (16–19)', () => {
  it.each([
    [0x0, none, none],
    [0x1, { ...none, underVoltage: true }, none],
    [0x2, { ...none, armFrequencyCapped: true }, none],
    [0x4, { ...none, throttled: true }, none],
    [0x8, { ...none, softTemperatureLimit: true }, none],
    [0x10000, none, { ...none, underVoltage: true }],
    [0x20000, none, { ...none, armFrequencyCapped: true }],
    [0x40000, none, { ...none, throttled: true }],
    [0x80000, none, { ...none, softTemperatureLimit: true }],
    [0x50005, { ...none, underVoltage: true, throttled: true }, { ...none, underVoltage: true, throttled: true }],
    [0xf000f, { underVoltage: true, armFrequencyCapped: true, throttled: true, softTemperatureLimit: true },
      { underVoltage: true, armFrequencyCapped: true, throttled: true, softTemperatureLimit: true }],
    [0xfff0fff0, none, none], // bits outside the table are ignored
  ])('raw %d', (raw, now, sinceBoot) => {
    expect(decodeThrottling(raw)).toEqual({ raw, now, sinceBoot });
  });

  it('names the conditions that are set', () => {
    expect(throttleLabels(decodeThrottling(0x50005).now)).toEqual(['under-voltage', 'throttled']);
    expect(throttleLabels(decodeThrottling(0x20000).sinceBoot)).toEqual(['ARM frequency capped']);
  });
});

describe('get_throttled from vcgencmd and from sysfs', () => {
  it.each([
    ['vcgencmd', parseGetThrottled, 'pi/vcgencmd-get_throttled', 0x50005],
    ['vcgencmd, all clear', parseGetThrottled, 'pi/vcgencmd-get_throttled-clear', 0],
    ['sysfs', parseSysfsThrottled, 'pi/sysfs-get_throttled', 0x50005],
    ['sysfs, all clear', parseSysfsThrottled, 'pi/sysfs-get_throttled-clear', 0],
  ])('%s', (_name, parse, name, raw) => {
    const result = parse(fixture(name));
    expect(result.ok && result.value.raw).toBe(raw);
  });

  it.each([
    [parseGetThrottled, ''],
    [parseGetThrottled, 'throttled='],
    [parseGetThrottled, 'throttled=0x'],
    [parseGetThrottled, 'throttled=50005'],
    [parseGetThrottled, 'throttled=0x1ffffffff'],
    [parseGetThrottled, fixture('pi/vcgencmd-no-video-group')],
    [parseSysfsThrottled, ''],
    [parseSysfsThrottled, '0x50005'],
    [parseSysfsThrottled, 'zz'],
  ])('%o %j → a reason', (parse, text) => {
    expect(parse(text).ok).toBe(false);
  });
});

describe('temperature', () => {
  it.each([
    [parseMeasureTemp, 'pi/vcgencmd-measure_temp', 48.3],
    [parseThermalZone, 'pi/thermal_zone0-temp', 48.312],
  ])('%o %s', (parse, name, celsius) => {
    expect(parse(fixture(name))).toEqual({ ok: true, value: celsius });
  });

  it('reads a sensor below zero', () => {
    expect(parseThermalZone('-5000\n')).toEqual({ ok: true, value: -5 });
    expect(parseMeasureTemp("temp=-1.0'C")).toEqual({ ok: true, value: -1 });
  });

  it.each([
    [parseMeasureTemp, ''],
    [parseMeasureTemp, 'temp=48.3'],
    [parseMeasureTemp, "temp='C"],
    [parseMeasureTemp, fixture('pi/vcgencmd-no-video-group')],
    [parseThermalZone, ''],
    [parseThermalZone, '48.3'],
    [parseThermalZone, 'cat: /sys/class/thermal/thermal_zone0/temp: No such file or directory'],
  ])('%o %j → a reason', (parse, text) => {
    expect(parse(text).ok).toBe(false);
  });
});

describe('ARM clock', () => {
  it.each([
    [parseMeasureClock, 'pi/vcgencmd-measure_clock-arm', 600_000_000],
    [parseCpufreqKhz, 'pi/scaling_cur_freq', 700_000_000],
    [parseCpufreqKhz, 'pi/cpuinfo_max_freq', 1_000_000_000],
  ])('%o %s → Hz', (parse, name, hz) => {
    expect(parse(fixture(name))).toEqual({ ok: true, value: hz });
  });

  it.each([
    [parseMeasureClock, ''],
    [parseMeasureClock, 'frequency(48)='],
    [parseMeasureClock, 'frequency=600000000'],
    [parseMeasureClock, 'error=1 error_msg="Invalid clock"'],
    [parseCpufreqKhz, ''],
    [parseCpufreqKhz, '0'],
    [parseCpufreqKhz, '<unknown>'],
  ])('%o %j → a reason', (parse, text) => {
    expect(parse(text).ok).toBe(false);
  });
});

describe('board model', () => {
  it.each([
    ['pi/device-tree-model', 'Raspberry Pi Zero W Rev 1.1', true],
    ['pi/device-tree-model-pi4', 'Raspberry Pi 4 Model B Rev 1.4', true],
  ])('%s: the text before the NUL', (name, model, pi) => {
    expect(parseDeviceTreeModel(fixture(name))).toEqual({ ok: true, value: model });
    expect(isRaspberryPi(model)).toBe(pi);
  });

  it('takes the first of several NUL-separated strings and knows other boards', () => {
    expect(parseDeviceTreeModel('Pine64 RockPro64 v2.1\0extra\0')).toEqual({ ok: true, value: 'Pine64 RockPro64 v2.1' });
    expect(isRaspberryPi('Pine64 RockPro64 v2.1')).toBe(false);
  });

  it.each([[''], ['\0'], ['\x01\x02\x03\0'], ['x'.repeat(200)]])('%j → a reason', (text) => {
    expect(parseDeviceTreeModel(text).ok).toBe(false);
  });
});
