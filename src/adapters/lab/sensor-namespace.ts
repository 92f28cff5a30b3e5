import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SENSOR_FILES } from '../../core/lab/pi-sensor-files.js';
import { findOnPath } from './tools.js';

/**
 * A worker's sshd runs in a mount namespace of its own where the Pi's sensor paths exist and
 * lead to the node's files: a tmpfs over each parent directory (which /sys will not let anyone
 * create entries in), keeping every entry that was there as a symlink to a bound copy of the
 * original, plus the Pi's entry as a symlink into <node>/sensors (whose files `lab heat`
 * rewrites in place, so even a reader that holds one open sees the change, as on sysfs). Every
 * session of that sshd (picon's prober, its SFTP server) inherits the namespace; nothing
 * outside it changes.
 *
 *   /sys/class/thermal/thermal_zone0               -> <sensors>/thermal_zone0
 *   /sys/devices/system/cpu/cpu0/cpufreq            -> <sensors>/cpufreq
 *   /sys/devices/platform/soc/soc:firmware          -> <sensors>/firmware
 */

/** Run as `sh -c SCRIPT sh SENSORS_DIR PROGRAM ARGS…`; the paths arrive as arguments, never in the text. */
export const NAMESPACE_SCRIPT = [
  'set -e',
  's=$1',
  'shift',
  'cover() {',
  'k="$s/host/$2"',
  'mkdir -p "$k"',
  'mount --bind "$1" "$k"',
  'mount -t tmpfs -o mode=0755,size=64k picon-lab-sensors "$1"',
  'for e in "$k"/* "$k"/.[!.]*; do',
  '{ [ -e "$e" ] || [ -L "$e" ]; } || continue',
  'if [ -L "$e" ]; then ln -s "$(readlink "$e")" "$1/${e##*/}"; else ln -s "$e" "$1/${e##*/}"; fi',
  'done',
  '}',
  'cover /sys/class/thermal thermal',
  'rm -f /sys/class/thermal/thermal_zone0',
  `ln -s "$s/${SENSOR_FILES.temperature.split('/')[0]}" /sys/class/thermal/thermal_zone0`,
  'cover /sys/devices/system/cpu/cpu0 cpu0',
  'rm -f /sys/devices/system/cpu/cpu0/cpufreq',
  `ln -s "$s/${SENSOR_FILES.armClock.split('/')[0]}" /sys/devices/system/cpu/cpu0/cpufreq`,
  'cover /sys/devices/platform platform',
  'rm -f /sys/devices/platform/soc',
  'mkdir /sys/devices/platform/soc',
  `ln -s "$s/${SENSOR_FILES.throttling.split('/')[0]}" /sys/devices/platform/soc/soc:firmware`,
  'exec "$@"',
  // One line: the keeper's spawn request has no room for newlines. No `;` after `{`, `do`, `then`.
].map((line, i, all) => (/(\{|do|then)$/.test(line) || i === all.length - 1 ? `${line} ` : `${line}; `)).join('').trim();

/** `argv` started inside a namespace with the node's sensors at the Pi's paths. */
export function inSensorNamespace(unshare: string, sensorsDir: string, argv: readonly string[]): string[] {
  return [unshare, '--mount', '--propagation', 'private', '--', 'sh', '-c', NAMESPACE_SCRIPT, 'sh', sensorsDir, ...argv];
}

export type SensorSupport = { readonly on: true; readonly unshare: string } | { readonly on: false; readonly why: string };

const run = promisify(execFile);

/**
 * Whether this machine can give the workers sensors: root (mounts need it), unshare on PATH,
 * and the namespace set up once for real with `true` in it (a container without
 * CAP_SYS_ADMIN fails here).
 */
export async function sensorSupport(env: NodeJS.ProcessEnv, root: boolean, trialDir: string): Promise<SensorSupport> {
  if (!root) return { on: false, why: 'not root: the sensors need a mount namespace per node' };
  const unshare = findOnPath('unshare', env);
  if (unshare === undefined) return { on: false, why: 'no unshare on PATH (util-linux)' };
  try {
    await run(unshare, inSensorNamespace(unshare, trialDir, ['true']).slice(1), { timeout: 10_000 });
    return { on: true, unshare };
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    const line = (e.stderr ?? '').trim().split('\n').pop() || e.message;
    return { on: false, why: `mount namespace refused: ${line}` };
  }
}
