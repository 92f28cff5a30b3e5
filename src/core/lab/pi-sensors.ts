import { SINCE_BOOT_SHIFT, THROTTLE_CONDITIONS, type ThrottleCondition } from '../health/throttling.js';

/**
 * A lab worker's Raspberry Pi sensors, as values: what its thermal zone, cpufreq and firmware
 * files say, and what `picon lab heat|cool|undervolt` does to them. Pure; the lab writes the
 * files (adapters/lab/lab-sensors.ts).
 */

export interface PiReadings {
  /** thermal_zone0/temp: millidegrees Celsius. */
  readonly millidegrees: number;
  /** cpufreq scaling_cur_freq: kHz. */
  readonly curKhz: number;
  /** cpufreq cpuinfo_max_freq: kHz. */
  readonly maxKhz: number;
  /** The firmware's get_throttled bit field. */
  readonly throttled: number;
}

/** What a node reads at rest (restored by `cool`) and what it reads now. */
export interface PiSensorState {
  readonly idle: PiReadings;
  readonly now: PiReadings;
}

/** Past the Pi's 80 °C throttling point, and the clock the firmware then holds the ARM to. */
export const HOT_MILLIDEGREES = 82_000;
export const CAPPED_KHZ = 600_000;

const bit = (condition: ThrottleCondition): number => {
  const c = THROTTLE_CONDITIONS.find((x) => x.key === condition);
  return c === undefined ? 0 : 1 << c.bit;
};
const nowAndSinceBoot = (bits: number): number => (bits | (bits << SINCE_BOOT_SHIFT)) >>> 0;
const NOW_MASK = (1 << SINCE_BOOT_SHIFT) - 1;

/** Heat: soft temperature limit, throttled, ARM frequency capped — now and since boot (0xE000E). */
export const HEAT_BITS = nowAndSinceBoot(bit('softTemperatureLimit') | bit('throttled') | bit('armFrequencyCapped'));
/** Under-voltage now and since boot (0x10001). */
export const UNDERVOLT_BITS = nowAndSinceBoot(bit('underVoltage'));

/**
 * A worker's sensors at rest: a Pi Zero idles at ~45 °C with its ARM at 1000 MHz, a Pi 3 at
 * ~55 °C and 1200 MHz; `index` (the worker's place) moves each a little so no two read the same.
 */
export function idleReadings(model: string, index: number): PiReadings {
  const pi3 = /\bPi 3\b/.test(model);
  const maxKhz = pi3 ? 1_200_000 : 1_000_000;
  const base = pi3 ? 55_000 : 45_000;
  return { millidegrees: base + (index % 5) * 400, curKhz: maxKhz, maxKhz, throttled: 0 };
}

export function restingState(model: string, index: number): PiSensorState {
  const idle = idleReadings(model, index);
  return { idle, now: idle };
}

/** Past 80 °C, clock capped, the heat bits set now and since boot (any under-voltage kept). */
export function heated(state: PiSensorState): PiSensorState {
  const n = state.now;
  return {
    idle: state.idle,
    now: {
      millidegrees: Math.max(n.millidegrees, HOT_MILLIDEGREES + (state.idle.millidegrees % 1000)),
      curKhz: Math.min(n.maxKhz, CAPPED_KHZ),
      maxKhz: n.maxKhz,
      throttled: (n.throttled | HEAT_BITS) >>> 0,
    },
  };
}

/** Back to idle temperature and full clock; every *now* bit clears, the since-boot bits stay (as on a Pi). */
export function cooled(state: PiSensorState): PiSensorState {
  const n = state.now;
  return {
    idle: state.idle,
    now: { millidegrees: state.idle.millidegrees, curKhz: n.maxKhz, maxKhz: n.maxKhz, throttled: (n.throttled & ~NOW_MASK) >>> 0 },
  };
}

/** Under-voltage now and since boot; temperature and clock as they were. */
export function undervolted(state: PiSensorState): PiSensorState {
  return { idle: state.idle, now: { ...state.now, throttled: (state.now.throttled | UNDERVOLT_BITS) >>> 0 } };
}

/** Whether any *now* bit is set. */
export function throttledNow(r: PiReadings): boolean {
  return (r.throttled & NOW_MASK) !== 0;
}

/** `state.json` back into a state, or undefined when it is not one. */
export function parseSensorState(text: string): PiSensorState | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const readings = (x: unknown): PiReadings | undefined => {
    const r = x as Partial<Record<keyof PiReadings, unknown>> | null;
    if (typeof r !== 'object' || r === null) return undefined;
    const fields = [r.millidegrees, r.curKhz, r.maxKhz, r.throttled];
    if (!fields.every((f) => typeof f === 'number' && Number.isInteger(f))) return undefined;
    const [millidegrees, curKhz, maxKhz, throttled] = fields as number[];
    if ((curKhz as number) <= 0 || (maxKhz as number) <= 0 || (throttled as number) < 0 || (throttled as number) > 0xffffffff) return undefined;
    return { millidegrees: millidegrees as number, curKhz: curKhz as number, maxKhz: maxKhz as number, throttled: throttled as number };
  };
  const d = data as { idle?: unknown; now?: unknown } | null;
  const idle = readings(d?.idle);
  const now = readings(d?.now);
  return idle !== undefined && now !== undefined ? { idle, now } : undefined;
}
