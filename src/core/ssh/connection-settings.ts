import type { NodeSpec } from '../profile/profile.js';
import type { SshClientConfig } from './ssh-config-output.js';

/** Where and as whom to connect to one node: the profile's settings over ~/.ssh/config. */
export interface ConnectionSettings {
  readonly node: string;
  /** What the TCP connection (or the jump host's forward) goes to. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Key files to offer, in order (after the agent). */
  readonly identityFiles: readonly string[];
  /** Node name to jump through, from the profile. */
  readonly jumpNode?: string;
  /** The name looked up in known_hosts (HostKeyAlias, else the host). */
  readonly knownHostsName: string;
}

export function connectionSettings(node: NodeSpec, config: SshClientConfig | undefined, localUser: string): ConnectionSettings {
  const host = config?.hostname ?? node.address;
  const identityFiles = node.ssh.identityFile !== undefined
    ? [node.ssh.identityFile, ...(config?.identityFiles ?? []).filter((f) => f !== node.ssh.identityFile)]
    : [...(config?.identityFiles ?? [])];
  return {
    node: node.name,
    host,
    port: node.ssh.port ?? config?.port ?? 22,
    user: node.ssh.user ?? config?.user ?? localUser,
    identityFiles,
    ...(node.ssh.jump !== undefined && { jumpNode: node.ssh.jump }),
    knownHostsName: config?.hostKeyAlias ?? host,
  };
}
