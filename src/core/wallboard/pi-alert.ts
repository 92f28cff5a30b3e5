import type { NodeRow } from '../cluster/cluster-state.js';
import { valueOf } from '../health/metric.js';
import type { NodeHealth } from '../health/node-health.js';
import { TEMPERATURE_CELSIUS } from '../present/thresholds.js';

/**
 * One line naming every node that is throttled, under-voltage or hot *now*, for the console's
 * header and the wallboard's: "⚠ pi3: throttled now, 82 °C, 600/1200 MHz". A clock below its
 * maximum alone is no alert (a Pi's governor idles low); the firmware's capped bit says when it is held.
 */

const mhz = (hz: number): number => Math.round(hz / 1e6);

/** "pi3: throttled now, 82 °C, 600/1200 MHz", or undefined when nothing is wrong now. */
export function piAlert(node: string, h: NodeHealth): string | undefined {
  const now = valueOf(h.throttling)?.now;
  const celsius = valueOf(h.temperature)?.celsius;
  const undervoltage = now?.underVoltage === true;
  const throttled = now !== undefined && (now.throttled || now.armFrequencyCapped || now.softTemperatureLimit);
  const hot = celsius !== undefined && celsius >= TEMPERATURE_CELSIUS.bad;
  if (!undervoltage && !throttled && !hot) return undefined;
  const clock = valueOf(h.armClock)?.hz;
  const max = valueOf(h.armClockMax)?.hz;
  const what = [undervoltage ? 'under-voltage' : undefined, throttled ? 'throttled' : undefined].filter((w) => w !== undefined);
  const parts = [
    what.length > 0 ? `${what.join(', ')} now` : undefined,
    celsius !== undefined ? `${Math.round(celsius)} °C` : undefined,
    clock !== undefined ? (max !== undefined ? `${mhz(clock)}/${mhz(max)} MHz` : `${mhz(clock)} MHz`) : undefined,
  ].filter((p) => p !== undefined);
  return `${node}: ${parts.join(', ')}`;
}

/** Every alerting node in one line, in profile order; undefined when none. Nodes not up are left out (their values are old). */
export function piAlertLine(nodes: readonly NodeRow[]): string | undefined {
  const alerts = nodes.filter((n) => n.connection.state === 'up').map((n) => piAlert(n.spec.name, n.health)).filter((a) => a !== undefined);
  return alerts.length === 0 ? undefined : `⚠ ${alerts.join('; ')}`;
}
