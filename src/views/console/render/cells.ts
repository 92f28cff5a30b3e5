import type { Metric } from '../../../core/health/metric.js';
import { seg, type Segment, type Tone } from './tone.js';

/** Marks a value that is the last one read, not a live one. */
export const STALE_MARK = '~';

/**
 * A metric as one cell: fresh values in their tone, stale ones dim with STALE_MARK (never shown
 * as live), unknown ones as a dim "-".
 */
export function metricCell<T>(metric: Metric<T>, format: (v: T) => string, toneOf: (v: T) => Tone = () => 'normal'): Segment {
  switch (metric.state) {
    case 'ok':
      return seg(format(metric.value), toneOf(metric.value));
    case 'stale':
      return seg(`${format(metric.value)}${STALE_MARK}`, 'dim');
    case 'unknown':
      return seg('-', 'dim');
  }
}

/** Tone by thresholds: at or above `warn` is warn, at or above `bad` is bad. */
export const byLevel = (warn: number, bad: number) => (value: number): Tone => (value >= bad ? 'bad' : value >= warn ? 'warn' : 'normal');
