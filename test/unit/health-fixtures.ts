import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/health/', import.meta.url));

/** A health fixture's text, e.g. fixture('host/stat.1'). */
export const fixture = (name: string): string => readFileSync(root + name, 'latin1');
export const fixturePath = (name: string): string => root + name;

/** A Pi Zero's /proc files (the fake node's table: path → fixture). */
export const PROC_ZERO = {
  '/proc/stat': 'pi/zero-stat.1',
  '/proc/loadavg': 'pi/zero-loadavg',
  '/proc/meminfo': 'pi/meminfo-zero',
  '/proc/net/dev': 'pi/zero-net-dev.1',
  '/proc/uptime': 'pi/zero-uptime',
  '/proc/device-tree/model': 'pi/device-tree-model',
};
/** Its firmware sysfs files. */
export const SYSFS_ZERO = {
  '/sys/class/thermal/thermal_zone0/temp': 'pi/thermal_zone0-temp',
  '/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq': 'pi/scaling_cur_freq',
  '/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq': 'pi/cpuinfo_max_freq',
  '/sys/devices/platform/soc/soc:firmware/get_throttled': 'pi/sysfs-get_throttled',
};
