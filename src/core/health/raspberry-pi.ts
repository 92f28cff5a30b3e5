import { excerpt, toCount } from './parsed.js';
import { failure, type Result, success } from '../result.js';
import { decodeThrottling, type Throttling } from './throttling.js';

/** Parsers for the Raspberry Pi firmware's `vcgencmd` replies and its sysfs file. */

/** `temp=48.3'C` → 48.3 (°C). */
export function parseMeasureTemp(text: string): Result<number> {
  const match = /^temp=(-?\d+(?:\.\d+)?)'C\s*$/.exec(text);
  if (match?.[1] === undefined) return failure(`vcgencmd measure_temp: expected "temp=N'C", got ${excerpt(text)}`);
  return success(Number(match[1]));
}

/** `frequency(48)=600000000` → 600000000 (Hz). The number in brackets is the clock's id. */
export function parseMeasureClock(text: string): Result<number> {
  const hz = toCount(/^frequency\(\d+\)=(\d+)\s*$/.exec(text)?.[1]);
  if (hz === undefined) return failure(`vcgencmd measure_clock: expected "frequency(N)=HZ", got ${excerpt(text)}`);
  return success(hz);
}

const MAX_THROTTLE_BITS = 0xffffffff;

function decodeHex(hex: string | undefined, what: string, text: string): Result<Throttling> {
  if (hex === undefined) return failure(`${what}: expected a hex bit field, got ${excerpt(text)}`);
  const raw = Number.parseInt(hex, 16);
  if (raw > MAX_THROTTLE_BITS) return failure(`${what}: ${excerpt(text)} does not fit 32 bits`);
  return success(decodeThrottling(raw));
}

/** `throttled=0x50005` (vcgencmd get_throttled). */
export function parseGetThrottled(text: string): Result<Throttling> {
  return decodeHex(/^throttled=0x([0-9a-fA-F]{1,8})\s*$/.exec(text)?.[1], 'vcgencmd get_throttled', text);
}

/** `50005` — /sys/devices/platform/soc/soc:firmware/get_throttled: hex without 0x. */
export function parseSysfsThrottled(text: string): Result<Throttling> {
  return decodeHex(/^([0-9a-fA-F]{1,8})\s*$/.exec(text)?.[1], 'sysfs get_throttled', text);
}
