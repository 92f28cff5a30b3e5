import { excerpt, toCount } from './parsed.js';
import { failure, type Result, success } from '../result.js';

/** thermal_zoneN/temp: millidegrees Celsius, `48312` → 48.312. Can be negative on some sensors. */
export function parseThermalZone(text: string): Result<number> {
  const match = /^(-?\d{1,7})\s*$/.exec(text);
  if (match?.[1] === undefined) return failure(`thermal zone temp: expected millidegrees, got ${excerpt(text)}`);
  return success(Number(match[1]) / 1000);
}

/** cpufreq scaling_cur_freq / cpuinfo_max_freq: kHz, `700000` → 700000000 (Hz). */
export function parseCpufreqKhz(text: string): Result<number> {
  const khz = toCount(/^(\d{1,10})\s*$/.exec(text)?.[1]);
  if (khz === undefined || khz === 0) return failure(`cpufreq: expected kHz, got ${excerpt(text)}`);
  return success(khz * 1000);
}

/**
 * /proc/device-tree/model: `Raspberry Pi Zero W Rev 1.1` followed by a NUL (device-tree
 * strings are NUL-terminated; some boards list several NUL-separated strings).
 */
export function parseDeviceTreeModel(text: string): Result<string> {
  const first = text.split('\0')[0]?.trim() ?? '';
  if (first === '' || !/^[\x20-\x7e]{1,128}$/.test(first)) {
    return failure(`device-tree model: expected printable text, got ${excerpt(text)}`);
  }
  return success(first);
}

/** Whether the board model names a Raspberry Pi, where `vcgencmd` is worth trying. */
export function isRaspberryPi(model: string): boolean {
  return model.startsWith('Raspberry Pi');
}
