/**
 * Raspberry Pi firmware throttling flags (`vcgencmd get_throttled`, or the firmware's sysfs
 * get_throttled file). The one table: each condition's bit "now"; the same condition
 * "has occurred since boot" is that bit + 16.
 */
export const THROTTLE_CONDITIONS = [
  { key: 'underVoltage', bit: 0, label: 'under-voltage' },
  { key: 'armFrequencyCapped', bit: 1, label: 'ARM frequency capped' },
  { key: 'throttled', bit: 2, label: 'throttled' },
  { key: 'softTemperatureLimit', bit: 3, label: 'soft temperature limit' },
] as const;

export const SINCE_BOOT_SHIFT = 16;

export type ThrottleCondition = (typeof THROTTLE_CONDITIONS)[number]['key'];
export type ThrottleFlags = { readonly [K in ThrottleCondition]: boolean };

export interface Throttling {
  /** The raw bit field, for display as hex. */
  readonly raw: number;
  readonly now: ThrottleFlags;
  readonly sinceBoot: ThrottleFlags;
}

function flags(raw: number, shift: number): ThrottleFlags {
  const entries = THROTTLE_CONDITIONS.map((c) => [c.key, (raw & (1 << (c.bit + shift))) !== 0] as const);
  return Object.fromEntries(entries) as Record<ThrottleCondition, boolean>;
}

export function decodeThrottling(raw: number): Throttling {
  return { raw, now: flags(raw, 0), sinceBoot: flags(raw, SINCE_BOOT_SHIFT) };
}

/** Labels of the conditions that are set, e.g. ["under-voltage", "throttled"]. */
export function throttleLabels(set: ThrottleFlags): string[] {
  return THROTTLE_CONDITIONS.filter((c) => set[c.key]).map((c) => c.label);
}
