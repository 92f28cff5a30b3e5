/**
 * Why a run's figures are suspect: a node throttled or ran below its top clock at some sample.
 * One flag per node and kind, with when it was first and last seen (seconds into the run).
 */

export type RunFlagKind =
  /** A throttle bit of "now" (bits 0–3) was set at some sample. */
  | 'throttled-now'
  /** A "since boot" bit (16–19) was set that was not at the run's start: it came and went between samples. */
  | 'throttled-since-start'
  /** The clock was below its maximum while the node was busy. */
  | 'clock-capped';

export interface RunFlag {
  readonly node: string;
  readonly kind: RunFlagKind;
  /** The conditions for the throttle kinds ("under-voltage", "throttled"); for the clock, e.g. ["600 of 1200 MHz"] (the lowest seen). */
  readonly what: readonly string[];
  /** Seconds into the run of the first and the last sample that showed it. */
  readonly fromS: number;
  readonly toS: number;
  /** How many samples showed it. */
  readonly samples: number;
}
