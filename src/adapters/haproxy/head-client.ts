import type { Profile } from '../../core/profile/profile.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import { createHaproxyClient } from './runtime-client.js';

/** The HAProxy runtime client of a profile's head, over the head's connection. */
export function headHaproxyClient(profile: Profile, connections: { get(node: string): NodeTransport }, timeoutMs?: number): HaproxyClient {
  return createHaproxyClient({
    transport: connections.get(profile.head.name),
    sockets: profile.haproxy.sockets,
    ...(profile.haproxy.masterSocket !== undefined && { masterSocket: profile.haproxy.masterSocket }),
    ...(timeoutMs !== undefined && { timeoutMs }),
  });
}
