import type { NodeRow } from '../cluster/cluster-state.js';
import type { ThrottlingReading } from '../health/node-health.js';
import { THROTTLE_CONDITIONS, throttleLabels, type ThrottleCondition } from '../health/throttling.js';
import { shownMetric, type Shown } from './shown-metric.js';
import { compactDuration } from '../format/duration.js';
import type { Cell, Tone } from './widget-data.js';

/** Temperatures at or above these are shown as a warning / as bad (a Pi throttles at 80–85 °C). */
export const WARM_CELSIUS = 70;
export const HOT_CELSIUS = 80;
/** The temperature that fills a ring. */
export const FULL_SCALE_CELSIUS = 85;

const SHORT: Readonly<Record<ThrottleCondition, string>> = {
  underVoltage: 'UV',
  armFrequencyCapped: 'CAP',
  throttled: 'THR',
  softTemperatureLimit: 'SOFT',
};

export function connectionCell(row: NodeRow, now: number): Cell {
  const c = row.connection;
  switch (c.state) {
    case 'up':
      return { text: 'up', tone: 'good' };
    case 'connecting':
      return { text: c.attempts > 0 ? `retrying (${c.attempts})` : 'connecting', tone: c.attempts > 0 ? 'bad' : 'muted' };
    case 'down':
      return { text: `DOWN ${compactDuration((now - c.since) / 1000)}`, tone: 'bad' };
    case 'closed':
      return { text: 'closed', tone: 'muted' };
  }
}

export function throttlingNow(shown: Shown<ThrottlingReading>): string[] {
  return shown.kind === 'unknown' ? [] : throttleLabels(shown.value.now);
}

/** "UV THR" for the conditions set now; empty when none (or unknown). */
export function throttleShort(shown: Shown<ThrottlingReading>): string {
  if (shown.kind === 'unknown') return '';
  return THROTTLE_CONDITIONS.filter((c) => shown.value.now[c.key]).map((c) => SHORT[c.key]).join(' ');
}

/** "under-voltage, throttled" now; "since boot: …" when only past; "none"; "?" unknown. */
export function throttleCell(shown: Shown<ThrottlingReading>): Cell {
  if (shown.kind === 'unknown') return { text: '?', tone: 'muted' };
  const mark = shown.kind === 'stale' ? '~' : '';
  const now = throttleLabels(shown.value.now);
  if (now.length > 0) return { text: `${mark}${now.join(', ')}`, tone: shown.kind === 'stale' ? 'muted' : 'bad' };
  const past = throttleLabels(shown.value.sinceBoot);
  if (past.length > 0) return { text: `${mark}since boot: ${past.join(', ')}`, tone: shown.kind === 'stale' ? 'muted' : 'warn' };
  return { text: `${mark}none`, tone: shown.kind === 'stale' ? 'muted' : 'normal' };
}

export function temperatureTone(celsius: number | undefined, throttling: Shown<ThrottlingReading>): Tone {
  if (throttlingNow(throttling).length > 0) return 'bad';
  if (celsius === undefined) return 'muted';
  if (celsius >= HOT_CELSIUS) return 'bad';
  if (celsius >= WARM_CELSIUS || (throttling.kind !== 'unknown' && throttleLabels(throttling.value.sinceBoot).length > 0)) return 'warn';
  return 'good';
}

export function nodeReadings(row: NodeRow, now: number) {
  return {
    cpu: shownMetric(row.health.cpu, row.connection, now),
    temperature: shownMetric(row.health.temperature, row.connection, now),
    throttling: shownMetric(row.health.throttling, row.connection, now),
  };
}

/** The `limit` items to draw: all in profile order when they fit, else the highest `score` ones (still in profile order). */
export function pickForSpace<T>(items: readonly T[], limit: number, score: (item: T) => number): { shown: T[]; hidden: number } {
  if (items.length <= limit) return { shown: [...items], hidden: 0 };
  const keep = new Set([...items].sort((a, b) => score(b) - score(a)).slice(0, Math.max(0, limit)));
  return { shown: items.filter((i) => keep.has(i)), hidden: items.length - keep.size };
}
