import { valueOf } from '../health/metric.js';
import type { NodeHealth } from '../health/node-health.js';
import { THROTTLE_CONDITIONS } from '../health/throttling.js';
import type { ConnectionStatus } from '../ports/node-transport.js';
import type { NewEvent } from './event-log.js';

/** What a person wants to hear about a connection change ("reconnected to p1"). */
export function connectionEvents(node: string, before: ConnectionStatus, now: ConnectionStatus): NewEvent[] {
  if (before.state === now.state) return [];
  if (now.state === 'up') return before.state === 'down' ? [{ level: 'info', text: `reconnected to ${node}` }] : [];
  if (now.state === 'down') {
    const why = now.error?.message ?? 'connection lost';
    return [{ level: 'error', text: before.state === 'up' ? `lost ${node}: ${why}` : `cannot reach ${node}: ${why}` }];
  }
  return [];
}

/** Newly set throttle flags and services that stopped or started. */
export function healthEvents(node: string, before: NodeHealth, now: NodeHealth): NewEvent[] {
  const events: NewEvent[] = [];
  const was = valueOf(before.throttling);
  const is = valueOf(now.throttling);
  if (is !== undefined) {
    const raised = THROTTLE_CONDITIONS.filter((c) => is.now[c.key] && !(was?.now[c.key] ?? false)).map((c) => c.label);
    if (raised.length > 0) events.push({ level: 'warn', text: `${node}: ${raised.join(', ')}` });
  }
  for (const service of now.services) {
    const prev = before.services.find((s) => s.name === service.name);
    const then = prev === undefined ? undefined : valueOf(prev.state);
    const current = valueOf(service.state);
    if (then === undefined || current === undefined || service.state.state !== 'ok') continue;
    if (then.running && !current.running) events.push({ level: 'error', text: `${node} ${service.name} stopped (${current.detail})` });
    if (!then.running && current.running) events.push({ level: 'info', text: `${node} ${service.name} running` });
  }
  return events;
}
