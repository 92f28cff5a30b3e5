import type { Tone } from './tone.js';

/**
 * When a reading needs a look (warn) or a person now (bad): at or above each bound. The one
 * table for the console, the wallboard and docs/health.md.
 */
export interface Thresholds {
  readonly warn: number;
  readonly bad: number;
}

/** CPU busy %: a worker under load runs at 70–80 % and is fine; near 100 % it queues. */
export const CPU_BUSY_PERCENT: Thresholds = { warn: 80, bad: 95 };
/** Memory used (MemTotal − MemAvailable) %: past 95 % the kernel reclaims hard and may kill. */
export const MEMORY_USED_PERCENT: Thresholds = { warn: 85, bad: 95 };
/** °C: a Pi's firmware soft-limits from 60 °C (Pi 3B+ and later) and throttles at 80 °C. */
export const TEMPERATURE_CELSIUS: Thresholds = { warn: 70, bad: 80 };

export type Level = 'ok' | 'warn' | 'bad';

export function levelOf(value: number, thresholds: Thresholds): Level {
  return value >= thresholds.bad ? 'bad' : value >= thresholds.warn ? 'warn' : 'ok';
}

/** A level as a tone; `ok` is `okTone` (a chart's bar or ring is 'good', a table's text 'normal'). */
export function levelTone(level: Level, okTone: Tone = 'normal'): Tone {
  return level === 'ok' ? okTone : level;
}

/** The tone of `value` against `thresholds`. */
export const toneBy = (thresholds: Thresholds, okTone: Tone = 'normal') => (value: number): Tone => levelTone(levelOf(value, thresholds), okTone);

export const memoryUsedPercent = (m: { readonly usedBytes: number; readonly totalBytes: number }): number => (m.usedBytes / Math.max(1, m.totalBytes)) * 100;
