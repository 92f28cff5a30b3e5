import os from 'node:os';
import type { Profile } from '../../core/profile/profile.js';
import { connectionSettings, type ConnectionSettings, type JumpHost } from '../../core/ssh/connection-settings.js';
import { agentPublicKeys, agentSocketFrom } from './agent-keys.js';
import { IdentityStore, type PassphrasePrompt } from './identity.js';
import { jumpHostSpec } from './jump-stream.js';
import { resolveSshConfig } from './ssh-config-resolver.js';
import { SshConnection, type HostKeyCheck } from './ssh-connection.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';

export interface ClusterConnectionOptions {
  readonly profile: Profile;
  readonly hostKeyCheckFor: (settings: ConnectionSettings) => HostKeyCheck;
  readonly env?: NodeJS.ProcessEnv;
  readonly passphrasePrompt?: PassphrasePrompt;
  /** false for one-shot commands: a node that fails stays failed. */
  readonly reconnect?: boolean;
  readonly connectTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  /**
   * Load (and ask the passphrases of) every node's key files before returning, so that all the
   * asking is over before a full-screen view takes the terminal.
   */
  readonly unlockKeysFirst?: boolean;
  /**
   * Open each connection only when first used (an exec, a file, a forward), not all at once: where
   * node health comes from Prometheus, watching opens none and an action opens only its node's.
   */
  readonly lazy?: boolean;
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
  const agentSocket = agentSocketFrom(env);
  const identities = new IdentityStore(options.passphrasePrompt, agentSocket === undefined ? undefined : () => agentPublicKeys(agentSocket));

  const configs = await Promise.all(options.profile.nodes.map((n) => resolveSshConfig(n.address, homeDir)));
  const connections = new Map<string, SshConnection>();
  const adHocJumps = new Map<string, SshConnection>();
  const connectionOptions = {
    identities,
    ...(agentSocket !== undefined && { agentSocket }),
    ...(options.reconnect !== undefined && { reconnect: options.reconnect }),
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.keepaliveIntervalMs !== undefined && { keepaliveIntervalMs: options.keepaliveIntervalMs }),
  };
  /** A ProxyJump host from ~/.ssh/config that is not a node: its own connection, its own host key check. */
  const adHocJump = async (jump: JumpHost): Promise<SshConnection> => {
    const key = `${jump.user ?? ''}@${jump.host}:${jump.port ?? ''}`;
    const existing = adHocJumps.get(key);
    if (existing !== undefined) return existing;
    const config = await resolveSshConfig(jump.host, homeDir);
    const spec = jumpHostSpec(jump);
    const settings = { ...connectionSettings(spec, config, localUser), jumpNode: undefined, jumpHost: undefined };
    const connection = new SshConnection({ settings, hostKeyCheck: () => options.hostKeyCheckFor(settings), ...connectionOptions });
    adHocJumps.set(key, connection);
    return connection;
  };
  const jumps = await Promise.all(
    options.profile.nodes.map((n, i) => {
      const jumpHost = connectionSettings(n, configs[i], localUser, options.profile.nodes).jumpHost;
      return jumpHost === undefined ? undefined : adHocJump(jumpHost);
    }),
  );
  const build = (index: number): SshConnection => {
    const node = options.profile.nodes[index];
    if (node === undefined) throw new Error(`no node at ${index}`);
    const existing = connections.get(node.name);
    if (existing !== undefined) return existing;
    const settings = connectionSettings(node, configs[index], localUser, options.profile.nodes);
    const jumpIndex = settings.jumpNode === undefined ? -1 : options.profile.nodes.findIndex((n) => n.name === settings.jumpNode);
    const jump = jumpIndex >= 0 ? build(jumpIndex) : jumps[index];
    const connection = new SshConnection({
      settings,
      hostKeyCheck: () => options.hostKeyCheckFor(settings),
      ...connectionOptions,
      ...(jump !== undefined && { jump }),
    });
    connections.set(node.name, connection);
    return connection;
  };
  options.profile.nodes.forEach((_, i) => build(i));
  if (options.unlockKeysFirst === true) {
    const files = options.profile.nodes.flatMap((n, i) => connectionSettings(n, configs[i], localUser, options.profile.nodes).identityFiles);
    await identities.load([...new Set(files)]);
  }
  if (options.lazy !== true) for (const c of connections.values()) c.start();

  return {
    transports: connections,
    get(name) {
      const c = connections.get(name);
      if (c === undefined) throw new Error(`no connection for node ${name}`);
      return c;
    },
    closeAll() {
      for (const c of connections.values()) c.close();
      for (const c of adHocJumps.values()) c.close();
    },
  };
}
