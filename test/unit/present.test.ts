import { describe, expect, it } from 'vitest';
import { parseServerStatus } from '../../src/core/haproxy/server-status.js';
import { fresh, type Metric } from '../../src/core/health/metric.js';
import { decodeThrottling } from '../../src/core/health/throttling.js';
import { cut, fit } from '../../src/core/present/fit.js';
import { shownMetric, shownSegment, shownText } from '../../src/core/present/freshness.js';
import {
  checkTone,
  connectionText,
  connectionTone,
  eventTone,
  serverStateText,
  serverStateTone,
  serviceText,
  serviceTone,
  throttleShort,
  throttlingTone,
} from '../../src/core/present/state-words.js';
import { CPU_BUSY_PERCENT, levelOf, MEMORY_USED_PERCENT, memoryUsedPercent, TEMPERATURE_CELSIUS, toneBy } from '../../src/core/present/thresholds.js';
import { clockTime, compactDuration, durationMs, sinceText } from '../../src/core/present/time.js';
import { formatBytes, formatBytesPerSecond, formatCelsius, formatLoad, formatMHz, formatPercent, formatRate } from '../../src/core/present/units.js';

/** The one set of presentation rules the console, the wallboard and `picon status` share. */

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const up = { state: 'up' } as const;

describe('units', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024 - 1, '10 KiB'],
    [443208 * 1024, '433 MiB'],
    [12_345_678, '12 MiB'],
    [25_276_063_744, '24 GiB'],
    [3.2e12, '2.9 TiB'],
    [-1, '-'],
    [Number.NaN, '-'],
  ])('bytes %d → %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [2048, '2.0 KiB/s'],
    [0, '0 B/s'],
    [Number.NaN, '-'],
  ])('bytes per second %d → %s', (n, text) => expect(formatBytesPerSecond(n)).toBe(text));

  it.each([
    [0, '0%'],
    [4.25, '4.3%'],
    [9.96, '10.0%'],
    [42.4, '42%'],
    [100, '100%'],
    [Number.NaN, '-'],
  ])('percent %d → %s', (n, text) => expect(formatPercent(n)).toBe(text));

  it.each([
    [0, '0'],
    [2.54, '2.5'],
    [7.46, '7.5'],
    [12.4, '12'],
    [120.4, '120'],
    [1234, '1.2k'],
    [15_600, '16k'],
    [-1, '-'],
  ])('rate %d → %s', (n, text) => expect(formatRate(n)).toBe(text));

  it('temperatures, clocks and loads', () => {
    expect(formatCelsius(48.34)).toBe('48.3°C');
    expect(formatMHz(1_200_000_000)).toBe('1200 MHz');
    expect(formatMHz(600_400_000)).toBe('600 MHz');
    expect(formatLoad(0.5)).toBe('0.50');
  });
});

describe('time', () => {
  it.each([
    [0, '0s'],
    [9, '9s'],
    [59, '59s'],
    [62, '1m 2s'],
    [4000, '1h 6m'],
    [93_784, '1d 2h'],
    [-5, '0s'],
  ])('duration %d s → %s', (s, text) => expect(compactDuration(s)).toBe(text));

  it('durations in ms, clock times at an offset, "since"', () => {
    expect(durationMs(61_500)).toBe('1m 1s');
    expect(clockTime(T0, 0)).toBe('12:00:00');
    expect(clockTime(T0 + 61_000, 60)).toBe('13:01:01');
    expect(clockTime(T0, -330)).toBe('06:30:00');
    expect(sinceText(T0 + 4_000, T0 + 129_000, 0)).toBe('since 12:00:04 (2m 5s)');
  });
});

describe('fit and cut', () => {
  it.each([
    ['abc', 5, 'left', 'abc  '],
    ['abc', 5, 'right', '  abc'],
    ['abcdef', 4, 'left', 'abc…'],
    ['abcdef', 1, 'left', '…'],
    ['abc', 0, 'left', ''],
    ['°C°C°C', 4, 'left', '°C°…'],
  ] as const)('fit(%s, %d, %s) → "%s"', (text, width, align, out) => expect(fit(text, width, align)).toBe(out));

  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 4, 'abc…'],
    ['abc', 0, ''],
  ] as const)('cut(%s, %d) → "%s"', (text, width, out) => expect(cut(text, width)).toBe(out));
});

describe('freshness', () => {
  const value = fresh(42, T0);
  const staleMetric: Metric<number> = { state: 'stale', value: 42, at: T0, reason: 'read failed' };
  it.each([
    ['fresh and connected', value, up, 'fresh', '42', 'normal'],
    ['read long ago but the prober has not said stale', fresh(42, T0 - 60_000), up, 'fresh', '42', 'normal'],
    ['node down', value, { state: 'down' } as const, 'stale', '42~', 'dim'],
    ['node reconnecting', value, { state: 'connecting' } as const, 'stale', '42~', 'dim'],
    ['marked stale by the prober', staleMetric, up, 'stale', '42~', 'dim'],
    ['never read', { state: 'unknown', reason: 'not read yet' } as const, up, 'unknown', '-', 'dim'],
  ] as const)('%s → %s, "%s", %s', (_what, metric, connection, kind, text, tone) => {
    const shown = shownMetric(metric as Metric<number>, connection);
    expect(shown.kind).toBe(kind);
    expect(shownText(shown, String)).toBe(text);
    expect(shownSegment(shown, String, () => 'normal')).toEqual({ text, tone });
  });
});

describe('thresholds', () => {
  it.each([
    ['CPU', CPU_BUSY_PERCENT, 79.9, 'ok'],
    ['CPU', CPU_BUSY_PERCENT, 80, 'warn'],
    ['CPU', CPU_BUSY_PERCENT, 95, 'bad'],
    ['memory', MEMORY_USED_PERCENT, 84, 'ok'],
    ['memory', MEMORY_USED_PERCENT, 85, 'warn'],
    ['memory', MEMORY_USED_PERCENT, 95, 'bad'],
    ['temperature', TEMPERATURE_CELSIUS, 62, 'ok'],
    ['temperature', TEMPERATURE_CELSIUS, 70, 'warn'],
    ['temperature', TEMPERATURE_CELSIUS, 81, 'bad'],
  ] as const)('%s %d → %s', (_what, thresholds, value, level) => expect(levelOf(value, thresholds)).toBe(level));

  it('a level as a tone: "ok" is the caller\'s (a chart bar is good, table text normal)', () => {
    expect([70, 85, 99].map(toneBy(CPU_BUSY_PERCENT))).toEqual(['normal', 'warn', 'bad']);
    expect([70, 85, 99].map(toneBy(CPU_BUSY_PERCENT, 'good'))).toEqual(['good', 'warn', 'bad']);
    expect(memoryUsedPercent({ usedBytes: 512, totalBytes: 1024 })).toBe(50);
    expect(memoryUsedPercent({ usedBytes: 0, totalBytes: 0 })).toBe(0);
  });
});

describe('state words', () => {
  it.each([
    ['UP', 'UP', 'good'],
    ['UP 1/2', 'UP 1/2', 'warn'],
    ['DOWN', 'DOWN', 'bad'],
    ['DOWN 1/2', 'DOWN 1/2', 'warn'],
    ['DRAIN', 'DRAIN', 'warn'],
    ['DRAIN (agent)', 'DRAIN (agent)', 'warn'],
    ['MAINT', 'MAINT', 'warn'],
    ['MAINT(via)', 'MAINT (via)', 'warn'],
    ['NOLB', 'NOLB', 'warn'],
    ['no check', 'no check', 'good'],
    ['OPEN', 'OPEN', 'good'],
    ['STOP', 'STOP', 'bad'],
    ['garbage!', 'garbage!', 'dim'],
  ])('server %s → %s (%s)', (raw, text, tone) => {
    const status = parseServerStatus(raw);
    expect(serverStateText(status)).toBe(text);
    expect(serverStateTone(status)).toBe(tone);
  });

  it('a server HAProxy has not described is "-", dim', () => {
    expect([serverStateText(undefined), serverStateTone(undefined)]).toEqual(['-', 'dim']);
  });

  it.each([
    ['up', 'up', 'good'],
    ['connecting', 'connecting', 'dim'],
    ['down', 'DOWN', 'bad'],
    ['closed', 'closed', 'dim'],
  ] as const)('connection %s → %s (%s)', (state, text, tone) => {
    expect(connectionText({ state })).toBe(text);
    expect(connectionTone({ state })).toBe(tone);
  });

  it.each([
    [0, [], 'good'],
    [0x50005, ['UV', 'THR'], 'alert'],
    [0x50000, [], 'warn'],
    [0xf, ['UV', 'CAP', 'THR', 'SOFT'], 'alert'],
  ])('throttling 0x%s → now %j (%s)', (raw, short, tone) => {
    const t = decodeThrottling(raw);
    expect(throttleShort(t.now)).toEqual(short);
    expect(throttlingTone(t)).toBe(tone);
  });

  it.each([
    [true, 'running', 'good'],
    [false, 'STOPPED', 'bad'],
    [null, '-', 'dim'],
  ])('service running=%s → %s (%s)', (running, text, tone) => {
    expect(serviceText(running)).toBe(text);
    expect(serviceTone(running)).toBe(tone);
  });

  it('checks and events', () => {
    expect(['L7OK', 'L4OK', 'L4CON', 'L7STS', undefined].map(checkTone)).toEqual(['normal', 'normal', 'bad', 'bad', 'dim']);
    expect((['info', 'warn', 'error'] as const).map(eventTone)).toEqual(['normal', 'warn', 'bad']);
  });
});
