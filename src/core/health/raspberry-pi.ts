import { excerpt, parsed, toCount, unparsable, type Parsed } from './parsed.js';
import { decodeThrottling, type Throttling } from './throttling.js';

/** Parsers for the Raspberry Pi firmware's `vcgencmd` replies and its sysfs file. */

/** `temp=48.3'C` → 48.3 (°C). */
export function parseMeasureTemp(text: string): Parsed<number> {
  const match = /^temp=(-?\d+(?:\.\d+)?)'C\s*$/.exec(text);
  if (match?.[1] === undefined) return unparsable(`vcgencmd measure_temp: expected "temp=N'C", got ${excerpt(text)}`);
  return parsed(Number(match[1]));
}

/** `frequency(48)=600000000` → 600000000 (Hz). The number in brackets is the clock's id. */
export function parseMeasureClock(text: string): Parsed<number> {
  const hz = toCount(/^frequency\(\d+\)=(\d+)\s*$/.exec(text)?.[1]);
  if (hz === undefined) return unparsable(`vcgencmd measure_clock: expected "frequency(N)=HZ", got ${excerpt(text)}`);
  return parsed(hz);
}

const MAX_THROTTLE_BITS = 0xffffffff;

function decodeHex(hex: string | undefined, what: string, text: string): Parsed<Throttling> {
  if (hex === undefined) return unparsable(`${what}: expected a hex bit field, got ${excerpt(text)}`);
  const raw = Number.parseInt(hex, 16);
  if (raw > MAX_THROTTLE_BITS) return unparsable(`${what}: ${excerpt(text)} does not fit 32 bits`);
  return parsed(decodeThrottling(raw));
}

/** `throttled=0x50005` (vcgencmd get_throttled). */
export function parseGetThrottled(text: string): Parsed<Throttling> {
  return decodeHex(/^throttled=0x([0-9a-fA-F]{1,8})\s*$/.exec(text)?.[1], 'vcgencmd get_throttled', text);
}

/** `50005` — /sys/devices/platform/soc/soc:firmware/get_throttled: hex without 0x. */
export function parseSysfsThrottled(text: string): Parsed<Throttling> {
  return decodeHex(/^([0-9a-fA-F]{1,8})\s*$/.exec(text)?.[1], 'sysfs get_throttled', text);
}
