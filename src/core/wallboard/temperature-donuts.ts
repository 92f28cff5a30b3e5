import type { ClusterState } from '../cluster/cluster-state.js';
import type { ThrottlingReading } from '../health/node-health.js';
import { shownText, type Shown } from '../present/freshness.js';
import { throttlingTone } from '../present/state-words.js';
import type { Tone } from '../present/tone.js';
import { FULL_SCALE_CELSIUS, nodeReadings, pickForSpace, temperatureTone, throttleNowShort, throttlingNow } from './node-readings.js';
import type { DonutData, DonutItem } from './widget-data.js';

/** A ring's tone: throttling now outranks everything; else the temperature's, raised to warn by throttling since boot. */
function ringTone(temperature: Shown<{ readonly celsius: number }>, throttling: Shown<ThrottlingReading>): Tone {
  const throttle = throttling.kind === 'unknown' ? 'good' : throttlingTone(throttling.value);
  if (throttle === 'alert') return 'alert';
  if (temperature.kind !== 'fresh') return 'dim';
  const heat = temperatureTone(temperature.value.celsius, 'good');
  return heat === 'good' && throttling.kind === 'fresh' ? throttle : heat;
}

/**
 * One ring per node: temperature in the middle, ring filled to FULL_SCALE_CELSIUS, red when hot or
 * when the firmware reports throttling or under-voltage now (the label names which: UV, THR, CAP,
 * SOFT). At most `limit` rings: the hottest, throttled first, when there are more nodes.
 */
export function temperatureDonuts(state: ClusterState, limit = Number.POSITIVE_INFINITY): DonutData {
  const items = state.nodes.map((row): DonutItem & { score: number } => {
    const { temperature, throttling } = nodeReadings(row);
    const celsius = temperature.kind === 'unknown' ? undefined : temperature.value.celsius;
    const flags = throttleNowShort(throttling);
    return {
      label: flags === '' ? row.spec.name : `${row.spec.name} ${flags}`,
      fraction: celsius === undefined ? 0 : Math.min(1, Math.max(0, celsius / FULL_SCALE_CELSIUS)),
      centre: shownText(temperature, (t) => `${t.celsius.toFixed(0)}°`),
      tone: ringTone(temperature, throttling),
      score: (throttlingNow(throttling).length > 0 ? 1000 : 0) + (celsius ?? -1),
    };
  });
  const { shown, hidden } = pickForSpace(items, limit, (i) => i.score);
  const throttled = items.filter((i) => i.score >= 1000).length;
  const parts = [
    'Temperature °C',
    ...(throttled > 0 ? [`${throttled} throttling now`] : []),
    ...(hidden > 0 ? [`hottest ${shown.length}; ${hidden} more`] : []),
  ];
  return { title: parts.join(' · '), donuts: shown.map(({ score: _score, ...d }) => d) };
}
