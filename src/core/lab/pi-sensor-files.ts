import type { PiReadings } from './pi-sensors.js';

/**
 * What a Pi's files and its `vcgencmd` say for given readings, byte for byte as the real ones:
 * the lab writes these under each worker's sensors directory. Paths are relative to it.
 */

export const SENSOR_FILES = {
  temperature: 'thermal_zone0/temp',
  armClock: 'cpufreq/scaling_cur_freq',
  armClockMax: 'cpufreq/cpuinfo_max_freq',
  throttling: 'firmware/get_throttled',
  /** vcgencmd's answers, one file per command it knows (see VCGENCMD_COMMANDS). */
  vcgencmdDir: 'vcgencmd',
  state: 'state.json',
  /** The vcgencmd program, on every lab session's PATH. */
  bin: 'bin',
} as const;

/** `vcgencmd measure_temp`: one decimal, `temp=45.4'C`. */
export function vcgencmdTemp(millidegrees: number): string {
  return `temp=${(Math.round(millidegrees / 100) / 10).toFixed(1)}'C`;
}

/** `vcgencmd measure_clock arm`: Hz, with the ARM clock's id 48 as a Pi 3 or Zero prints it. */
export function vcgencmdClock(khz: number): string {
  return `frequency(48)=${khz * 1000}`;
}

/** `vcgencmd get_throttled`: `throttled=0x0`, `throttled=0xe000e`. */
export function vcgencmdThrottled(bits: number): string {
  return `throttled=0x${(bits >>> 0).toString(16)}`;
}

/** The argument lists the lab's vcgencmd answers, and the file under vcgencmd/ that holds each answer. */
export const VCGENCMD_COMMANDS: readonly { readonly args: string; readonly file: string }[] = [
  { args: 'measure_temp', file: 'measure_temp' },
  { args: 'measure_clock arm', file: 'measure_clock_arm' },
  { args: 'get_throttled', file: 'get_throttled' },
];

/**
 * The sysfs files are rewritten in place, never replaced: a reader that keeps the file open
 * (picon's SFTP prober does, as it may on a Pi's sysfs) must see each new value. So each has a
 * fixed length — the value, spaces to its width, a newline — and a change is one write of the
 * whole file at offset 0: never shorter, never empty. Pi parsers allow the trailing spaces.
 */
export const SYSFS_WIDTH = { temperature: 7, clock: 8, throttling: 8 } as const;
const fixed = (value: string, width: number): string => `${value.padEnd(width)}\n`;

/** The sysfs files' paths that are rewritten in place (SENSOR_FILES' first four). */
export const IN_PLACE_FILES: readonly string[] = [SENSOR_FILES.temperature, SENSOR_FILES.armClock, SENSOR_FILES.armClockMax, SENSOR_FILES.throttling];

/** Every file for these readings: sysfs files end in a newline as the kernel's do. */
export function sensorFileTexts(r: PiReadings): Record<string, string> {
  return {
    [SENSOR_FILES.temperature]: fixed(String(r.millidegrees), SYSFS_WIDTH.temperature),
    [SENSOR_FILES.armClock]: fixed(String(r.curKhz), SYSFS_WIDTH.clock),
    [SENSOR_FILES.armClockMax]: fixed(String(r.maxKhz), SYSFS_WIDTH.clock),
    // The firmware's file is hex without 0x: `0`, `e000e`.
    [SENSOR_FILES.throttling]: fixed((r.throttled >>> 0).toString(16), SYSFS_WIDTH.throttling),
    [`${SENSOR_FILES.vcgencmdDir}/measure_temp`]: `${vcgencmdTemp(r.millidegrees)}\n`,
    [`${SENSOR_FILES.vcgencmdDir}/measure_clock_arm`]: `${vcgencmdClock(r.curKhz)}\n`,
    [`${SENSOR_FILES.vcgencmdDir}/get_throttled`]: `${vcgencmdThrottled(r.throttled)}\n`,
  };
}

/** How much slower a node's work runs at this clock than at its maximum (1 at full clock). */
export function clockSlowdown(curKhz: number | undefined, maxKhz: number | undefined): number {
  if (curKhz === undefined || maxKhz === undefined || !(curKhz > 0) || !(maxKhz > 0)) return 1;
  return Math.max(1, maxKhz / curKhz);
}

/**
 * The lab's `vcgencmd` (in <sensors>/bin, on each worker session's PATH): prints the answer file
 * for the commands picon uses; anything else gets the firmware's "not registered" reply.
 */
export const VCGENCMD_SCRIPT = [
  '#!/bin/sh',
  '# picon lab: vcgencmd answering from this node\'s sensor files (written by `picon lab heat|cool|undervolt`)',
  `d="\${0%/*}/../${SENSOR_FILES.vcgencmdDir}"`,
  'case "$*" in',
  ...VCGENCMD_COMMANDS.map((c) => `  '${c.args}') exec cat "$d/${c.file}" ;;`),
  `  *) echo 'error=2 error_msg="Command not registered"'; exit 2 ;;`,
  'esac',
  '',
].join('\n');
