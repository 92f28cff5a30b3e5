import { THROTTLE_CONDITIONS, SINCE_BOOT_SHIFT, decodeThrottling, throttleLabels } from '../health/throttling.js';

/** What the cluster looked like around a run: HAProxy at the start, each node's throttle bits. */

export interface ServerAtStart {
  /** "backend/server". */
  readonly server: string;
  readonly weight: number;
  /** HAProxy's status text, e.g. "UP", "DRAIN", "MAINT". */
  readonly status: string;
  /** Takes no new requests (DRAIN, NOLB, MAINT, DOWN). */
  readonly out: boolean;
}

export interface ClusterAtStart {
  readonly haproxyVersion?: string;
  readonly servers: readonly ServerAtStart[];
}

/** One node's throttle bits at one moment; `raw` undefined when they could not be read. */
export interface NodeThrottle {
  readonly node: string;
  readonly raw?: number;
  readonly reason?: string;
}

const ALL_BITS = THROTTLE_CONDITIONS.reduce((bits, c) => bits | (1 << c.bit) | (1 << (c.bit + SINCE_BOOT_SHIFT)), 0);
const NOW_BITS = THROTTLE_CONDITIONS.reduce((bits, c) => bits | (1 << c.bit), 0);

/**
 * Conditions that appeared during the run, by node: a bit set after that was clear before —
 * "now" or "since boot", so a throttle that came and went between the snapshots still counts.
 * A node unread before but throttled now after counts too.
 */
export function newlyThrottled(before: readonly NodeThrottle[], after: readonly NodeThrottle[]): ReadonlyMap<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  for (const end of after) {
    if (end.raw === undefined) continue;
    const start = before.find((b) => b.node === end.node)?.raw;
    const fresh = start === undefined ? end.raw & NOW_BITS : end.raw & ~start & ALL_BITS;
    if (fresh === 0) continue;
    const t = decodeThrottling(fresh);
    const labels = new Set([...throttleLabels(t.now), ...throttleLabels(t.sinceBoot)]);
    found.set(end.node, [...labels]);
  }
  return found;
}
