import os from 'node:os';
import type { Profile } from '../../core/profile/profile.js';
import { connectionSettings, type ConnectionSettings } from '../../core/ssh/connection-settings.js';
import { IdentityStore, type PassphrasePrompt } from './identity.js';
import { resolveSshConfig } from './ssh-config-resolver.js';
import { SshConnection, type HostKeyCheck } from './ssh-connection.js';
import type { NodeTransport } from './transport.js';

export interface ClusterConnectionOptions {
  readonly profile: Profile;
  readonly hostKeyCheckFor: (settings: ConnectionSettings) => HostKeyCheck;
  readonly env?: NodeJS.ProcessEnv;
  readonly passphrasePrompt?: PassphrasePrompt;
  /** false for one-shot commands: a node that fails stays failed. */
  readonly reconnect?: boolean;
  readonly connectTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
}

export interface ClusterConnections {
  readonly transports: ReadonlyMap<string, NodeTransport>;
  get(node: string): NodeTransport;
  closeAll(): void;
}

/**
 * One connection per node, all started in parallel (a node behind a jump host starts as soon as
 * its jump host is up). Settings are the profile's over `ssh -G`.
 */
export async function openClusterConnections(options: ClusterConnectionOptions): Promise<ClusterConnections> {
  const env = options.env ?? process.env;
  const homeDir = env['HOME'] ?? os.homedir();
  const localUser = env['USER'] ?? os.userInfo().username;
  const identities = new IdentityStore(options.passphrasePrompt);
  const agentSocket = env['SSH_AUTH_SOCK'] !== undefined && env['SSH_AUTH_SOCK'] !== '' ? env['SSH_AUTH_SOCK'] : undefined;

  const configs = await Promise.all(options.profile.nodes.map((n) => resolveSshConfig(n.address, homeDir)));
  const connections = new Map<string, SshConnection>();
  const build = (index: number): SshConnection => {
    const node = options.profile.nodes[index];
    if (node === undefined) throw new Error(`no node at ${index}`);
    const existing = connections.get(node.name);
    if (existing !== undefined) return existing;
    const settings = connectionSettings(node, configs[index], localUser);
    const jumpIndex = settings.jumpNode === undefined ? -1 : options.profile.nodes.findIndex((n) => n.name === settings.jumpNode);
    const jump = jumpIndex >= 0 ? build(jumpIndex) : undefined;
    const connection = new SshConnection({
      settings,
      hostKeyCheck: () => options.hostKeyCheckFor(settings),
      identities,
      ...(agentSocket !== undefined && { agentSocket }),
      ...(jump !== undefined && { jump }),
      ...(options.reconnect !== undefined && { reconnect: options.reconnect }),
      ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.keepaliveIntervalMs !== undefined && { keepaliveIntervalMs: options.keepaliveIntervalMs }),
    });
    connections.set(node.name, connection);
    return connection;
  };
  options.profile.nodes.forEach((_, i) => build(i));
  for (const c of connections.values()) c.start();

  return {
    transports: connections,
    get(name) {
      const c = connections.get(name);
      if (c === undefined) throw new Error(`no connection for node ${name}`);
      return c;
    },
    closeAll() {
      for (const c of connections.values()) c.close();
    },
  };
}
