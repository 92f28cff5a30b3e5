import { describe, expect, it } from 'vitest';
import { cpuBars } from '../../src/core/wallboard/cpu-bars.js';
import { nodeTable } from '../../src/core/wallboard/node-table.js';
import { temperatureDonuts } from '../../src/core/wallboard/temperature-donuts.js';
import { emptyState, THROTTLED_CAPTURE, throttling, T0, up, withNode } from './wallboard-fixtures.js';

const NOW = T0 + 1000;

/** head unknown (never read), s1 fresh and cool, s2 hot, w3 under-voltage (the real capture). */
function cluster() {
  let s = emptyState();
  s = withNode(s, 's1', { busy: 37.6, celsius: 48.3, throttling: throttling(0) });
  s = withNode(s, 's2', { busy: 95, celsius: 81, throttling: throttling(0) });
  s = withNode(s, 'w3', { busy: 12, celsius: 62, throttling: throttling(THROTTLED_CAPTURE) });
  return s;
}

describe('cpuBars', () => {
  it('gives one bar per node in profile order; unknown is "-" with no bar', () => {
    const bars = cpuBars(cluster());
    expect(bars.bars).toEqual([
      { label: 'head', value: undefined, text: '-', tone: 'dim' },
      { label: 's1', value: 38, text: '38', tone: 'good' },
      { label: 's2', value: 95, text: '95', tone: 'bad' },
      { label: 'w3', value: 12, text: '12', tone: 'good' },
    ]);
    expect(bars.maxValue).toBe(100);
  });

  it('marks the last value of a node that went down as stale with a trailing "~"', () => {
    const s = withNode(cluster(), 's1', { busy: 37.6, connection: { state: 'down', since: T0, attempts: 3 } });
    expect(cpuBars(s).bars[1]).toEqual({ label: 's1', value: 38, text: '38~', tone: 'dim' });
  });

  it('keeps the busiest nodes when not all fit, in profile order, and says so', () => {
    const bars = cpuBars(cluster(), 2);
    expect(bars.bars.map((b) => b.label)).toEqual(['s1', 's2']);
    expect(bars.title).toBe('CPU % per node (busiest 2; 2 more)');
  });
});

describe('temperatureDonuts', () => {
  it('fills each ring to 85 °C, names throttling conditions, shows unknown as "-"', () => {
    const d = temperatureDonuts(cluster());
    expect(d.donuts).toEqual([
      { label: 'head', fraction: 0, centre: '-', tone: 'dim' },
      { label: 's1', fraction: 48.3 / 85, centre: '48°', tone: 'good' },
      { label: 's2', fraction: 81 / 85, centre: '81°', tone: 'bad' },
      { label: 'w3 UV THR', fraction: 62 / 85, centre: '62°', tone: 'alert' },
    ]);
    expect(d.title).toBe('Temperature °C · 1 throttling now');
  });

  it('warns about a node that throttled since boot but not now', () => {
    const s = withNode(cluster(), 's1', { busy: 10, celsius: 50, throttling: throttling(0x50000) });
    expect(temperatureDonuts(s).donuts[1]).toMatchObject({ label: 's1', tone: 'warn' });
  });

  it('shows a stale temperature with a trailing "~" and no colour', () => {
    const s = withNode(cluster(), 's1', { celsius: 48.3, connection: { state: 'down', since: T0, attempts: 1 } });
    expect(temperatureDonuts(s).donuts[1]).toMatchObject({ centre: '48°~', tone: 'dim' });
  });

  it('keeps throttled and hottest nodes first when not all fit', () => {
    const d = temperatureDonuts(cluster(), 2);
    expect(d.donuts.map((x) => x.label)).toEqual(['s2', 'w3 UV THR']);
    expect(d.title).toBe('Temperature °C · 1 throttling now · hottest 2; 2 more');
  });
});

describe('nodeTable', () => {
  it('shows each node with its ssh state, CPU, temperature and throttling', () => {
    const s = withNode(cluster(), 'head', { connection: { state: 'down', since: T0 - 62_000, attempts: 4 } });
    const t = nodeTable(s, NOW);
    expect(t.title).toBe('Nodes · 3/4 up');
    expect(t.headers).toEqual(['node', 'role', 'ssh', 'cpu', 'temp', 'throttling']);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['head', 'head', 'DOWN 1m 3s', '-', '-', '-'],
      ['s1', 'worker', 'up', '38%', '48.3°C', 'none'],
      ['s2', 'worker', 'up', '95%', '81.0°C', 'none'],
      ['w3', 'worker', 'up', '12%', '62.0°C', 'under-voltage, throttled'],
    ]);
    expect(t.rows[0]?.[2]?.tone).toBe('bad');
    expect(t.rows[3]?.[5]?.tone).toBe('alert');
  });

  it('says "since boot" for conditions that are over, and "connecting" before the first connection', () => {
    const s = withNode(cluster(), 's1', { busy: 1, throttling: throttling(0x50000) });
    const t = nodeTable(s, NOW);
    expect(t.rows[1]?.[5]).toEqual({ text: 'since boot: under-voltage, throttled', tone: 'warn' });
    expect(nodeTable(emptyState(), T0).rows[0]?.[2]).toEqual({ text: 'connecting', tone: 'dim' });
  });
});
