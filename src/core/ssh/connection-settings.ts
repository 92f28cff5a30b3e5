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
  /** Those the profile or ~/.ssh/config names (not OpenSSH's default names): a missing one is worth saying. Absent: all of them. */
  readonly namedIdentityFiles?: readonly string[];
  /** Node to jump through: the profile's `ssh.jump`, or ~/.ssh/config's ProxyJump naming a node. */
  readonly jumpNode?: string;
  /** ~/.ssh/config's ProxyJump to a host that is not a node of the profile. */
  readonly jumpHost?: JumpHost;
  /** The name looked up in known_hosts (HostKeyAlias, else the host). */
  readonly knownHostsName: string;
  /** ~/.ssh/config's UserKnownHostsFile for this host; absent: OpenSSH's default. */
  readonly userKnownHostsFiles?: readonly string[];
  /** ~/.ssh/config's GlobalKnownHostsFile for this host; absent: OpenSSH's default. */
  readonly globalKnownHostsFiles?: readonly string[];
}

export interface JumpHost {
  readonly host: string;
  readonly user?: string;
  readonly port?: number;
}

/** The first hop of a ProxyJump value: `[user@]host[:port][,next…]` (IPv6 as `[addr]:port`). */
export function parseProxyJump(value: string): JumpHost | undefined {
  const first = value.split(',')[0]?.trim() ?? '';
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(first);
  if (match === null || match[2] === undefined) return undefined;
  const host = match[2].replace(/^\[|\]$/g, '');
  const port = match[3] === undefined ? undefined : Number(match[3]);
  return {
    host,
    ...(match[1] !== undefined && { user: match[1] }),
    ...(port !== undefined && port > 0 && port < 65536 && { port }),
  };
}

/** The key files OpenSSH tries when none is configured (`ssh -G` lists them all the same). */
const DEFAULT_IDENTITY = /\/\.ssh\/id_(rsa|dsa|ecdsa|ecdsa_sk|ed25519|ed25519_sk|xmss)$/;

export function connectionSettings(
  node: NodeSpec,
  config: SshClientConfig | undefined,
  localUser: string,
  nodes: readonly NodeSpec[] = [],
): ConnectionSettings {
  const configJump = node.ssh.jump === undefined && config?.proxyJump !== undefined ? parseProxyJump(config.proxyJump) : undefined;
  const jumpToNode = configJump === undefined ? undefined : nodes.find((n) => n.name === configJump.host || n.address === configJump.host);
  const jumpNode = node.ssh.jump ?? (jumpToNode !== undefined && jumpToNode.name !== node.name ? jumpToNode.name : undefined);
  const host = config?.hostname ?? node.address;
  const identityFiles = node.ssh.identityFile !== undefined
    ? [node.ssh.identityFile, ...(config?.identityFiles ?? []).filter((f) => f !== node.ssh.identityFile)]
    : [...(config?.identityFiles ?? [])];
  const namedIdentityFiles = identityFiles.filter((f) => f === node.ssh.identityFile || !DEFAULT_IDENTITY.test(f));
  return {
    node: node.name,
    host,
    port: node.ssh.port ?? config?.port ?? 22,
    user: node.ssh.user ?? config?.user ?? localUser,
    identityFiles,
    namedIdentityFiles,
    ...(jumpNode !== undefined && { jumpNode }),
    ...(jumpNode === undefined && configJump !== undefined && jumpToNode === undefined && { jumpHost: configJump }),
    knownHostsName: config?.hostKeyAlias ?? host,
    ...(config?.userKnownHostsFiles !== undefined && { userKnownHostsFiles: config.userKnownHostsFiles }),
    ...(config?.globalKnownHostsFiles !== undefined && { globalKnownHostsFiles: config.globalKnownHostsFiles }),
  };
}
