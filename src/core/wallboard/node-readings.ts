import type { NodeRow } from '../cluster/cluster-state.js';
import type { ThrottlingReading } from '../health/node-health.js';
import { throttleLabels } from '../health/throttling.js';
import { readingLink, shownMetric, STALE_MARK, type Shown } from '../present/freshness.js';
import { connectionText, connectionTone, NO_THROTTLING, throttleShort, throttlingTone } from '../present/state-words.js';
import { TEMPERATURE_CELSIUS, toneBy } from '../present/thresholds.js';
import { compactDuration } from '../present/time.js';
import { seg, type Segment, type Tone } from '../present/tone.js';
import { UNKNOWN_TEXT } from '../present/units.js';

/** The temperature that fills a ring. */
export const FULL_SCALE_CELSIUS = 85;

/** "up", "connecting (retry 2)", "DOWN 2m 5s", "closed". */
export function connectionCell(row: NodeRow, now: number): Segment {
  const c = row.connection;
  const extra = c.state === 'down' ? ` ${compactDuration((now - c.since) / 1000)}` : c.state === 'connecting' && c.attempts > 0 ? ` (retry ${c.attempts})` : '';
  return seg(`${connectionText(c)}${extra}`, connectionTone(c));
}

export function throttlingNow(shown: Shown<ThrottlingReading>): string[] {
  return shown.kind === 'unknown' ? [] : throttleLabels(shown.value.now);
}

/** "UV THR" for the conditions set now; empty when none (or unknown). */
export function throttleNowShort(shown: Shown<ThrottlingReading>): string {
  return shown.kind === 'unknown' ? '' : throttleShort(shown.value.now).join(' ');
}

/** "under-voltage, throttled" now; "since boot: …" when only past; "none"; "-" unknown. */
export function throttleCell(shown: Shown<ThrottlingReading>): Segment {
  if (shown.kind === 'unknown') return seg(UNKNOWN_TEXT, 'dim');
  const mark = shown.kind === 'stale' ? STALE_MARK : '';
  const now = throttleLabels(shown.value.now);
  const past = throttleLabels(shown.value.sinceBoot);
  const text = now.length > 0 ? now.join(', ') : past.length > 0 ? `since boot: ${past.join(', ')}` : NO_THROTTLING;
  return seg(`${text}${mark}`, shown.kind === 'stale' ? 'dim' : throttlingTone(shown.value));
}

/** A temperature's tone by TEMPERATURE_CELSIUS (a ring's or a bar's "ok" is good); unknown is dim. */
export function temperatureTone(celsius: number | undefined, okTone: Tone = 'normal'): Tone {
  return celsius === undefined ? 'dim' : toneBy(TEMPERATURE_CELSIUS, okTone)(celsius);
}

export function nodeReadings(row: NodeRow) {
  return {
    cpu: shownMetric(row.health.cpu, readingLink(row)),
    temperature: shownMetric(row.health.temperature, readingLink(row)),
    throttling: shownMetric(row.health.throttling, readingLink(row)),
  };
}

/** The `limit` items to draw: all in profile order when they fit, else the highest `score` ones (still in profile order). */
export function pickForSpace<T>(items: readonly T[], limit: number, score: (item: T) => number): { shown: T[]; hidden: number } {
  if (items.length <= limit) return { shown: [...items], hidden: 0 };
  const keep = new Set([...items].sort((a, b) => score(b) - score(a)).slice(0, Math.max(0, limit)));
  return { shown: items.filter((i) => keep.has(i)), hidden: items.length - keep.size };
}
