import { describe, expect, it } from 'vitest';
import { fresh, unknown } from '../../src/core/health/metric.js';
import { initialHealth, type NodeHealth } from '../../src/core/health/node-health.js';
import { piAlert, piAlertLine } from '../../src/core/wallboard/pi-alert.js';
import { emptyState, T0, throttling, withNode } from './wallboard-fixtures.js';

function health(raw: number | undefined, celsius: number | undefined, mhz?: [number, number]): NodeHealth {
  return {
    ...initialHealth('pi3', [], T0),
    throttling: raw === undefined ? unknown('no sensors') : throttling(raw),
    temperature: celsius === undefined ? unknown('no thermal zone') : fresh({ celsius, source: 'thermal-zone' }, T0),
    ...(mhz !== undefined && {
      armClock: fresh({ hz: mhz[0] * 1e6, source: 'cpufreq' }, T0),
      armClockMax: fresh({ hz: mhz[1] * 1e6, source: 'cpufreq' }, T0),
    }),
  };
}

describe('piAlert', () => {
  it.each([
    { what: 'lab heat', raw: 0xe000e, celsius: 82.2, mhz: [600, 1200] as [number, number], line: 'pi3: throttled now, 82 °C, 600/1200 MHz' },
    { what: 'under-voltage only', raw: 0x10001, celsius: 45, mhz: [1000, 1000] as [number, number], line: 'pi3: under-voltage now, 45 °C, 1000/1000 MHz' },
    { what: 'a Zero on a weak supply (0x50005)', raw: 0x50005, celsius: 61, mhz: undefined, line: 'pi3: under-voltage, throttled now, 61 °C' },
    { what: 'hot without a bit yet', raw: 0, celsius: 80.4, mhz: [1200, 1200] as [number, number], line: 'pi3: 80 °C, 1200/1200 MHz' },
    { what: 'capped only, no temperature', raw: 0x2, celsius: undefined, mhz: [600, 1000] as [number, number], line: 'pi3: throttled now, 600/1000 MHz' },
    { what: 'cooled: since-boot bits only', raw: 0xe0000, celsius: 55, mhz: [1200, 1200] as [number, number], line: undefined },
    { what: 'resting', raw: 0, celsius: 45, mhz: [1000, 1000] as [number, number], line: undefined },
    { what: 'a governor idling low is no alert', raw: 0, celsius: 45, mhz: [700, 1000] as [number, number], line: undefined },
    { what: 'no sensors at all', raw: undefined, celsius: undefined, mhz: undefined, line: undefined },
  ])('$what → $line', ({ raw, celsius, mhz, line }) => {
    expect(piAlert('pi3', health(raw, celsius, mhz))).toBe(line);
  });
});

describe('piAlertLine', () => {
  it('names every alerting node that is up, in profile order, in one line', () => {
    let s = emptyState();
    s = withNode(s, 's1', { celsius: 83, throttling: throttling(0xe000e) });
    s = withNode(s, 's2', { celsius: 45, throttling: throttling(0) });
    s = withNode(s, 'w3', { celsius: 50, throttling: throttling(0x10001) });
    expect(piAlertLine(s.nodes)).toBe('⚠ s1: throttled now, 83 °C; w3: under-voltage now, 50 °C');
  });
  it('none when nothing is wrong now, or the hot node is not up (its values are old)', () => {
    let s = emptyState();
    s = withNode(s, 's1', { celsius: 45, throttling: throttling(0xe0000) });
    expect(piAlertLine(s.nodes)).toBeUndefined();
    s = withNode(s, 'w3', { celsius: 83, throttling: throttling(0xe000e), connection: { state: 'down', since: T0, attempts: 2 } });
    expect(piAlertLine(s.nodes)).toBeUndefined();
  });
});
