/** Where the prober reads each metric on a node. */
export const PROC = {
  stat: '/proc/stat',
  loadavg: '/proc/loadavg',
  meminfo: '/proc/meminfo',
  netDev: '/proc/net/dev',
  uptime: '/proc/uptime',
  board: '/proc/device-tree/model',
} as const;

export const SYSFS = {
  temperature: '/sys/class/thermal/thermal_zone0/temp',
  armClock: '/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq',
  armClockMax: '/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq',
  throttling: '/sys/devices/platform/soc/soc:firmware/get_throttled',
} as const;

export const DISK_PATH = '/';

/** The vcgencmd calls that stand in for a missing sysfs file on a Raspberry Pi. */
export const VCGENCMD = {
  temperature: ['vcgencmd', 'measure_temp'],
  armClock: ['vcgencmd', 'measure_clock', 'arm'],
  throttling: ['vcgencmd', 'get_throttled'],
} as const;
