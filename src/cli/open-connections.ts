import type { Profile } from '../core/profile/profile.js';
import { openClusterConnections, type ClusterConnections } from '../adapters/ssh/cluster-connections.js';
import { hostKeyCheckerFor } from '../adapters/ssh/host-key-verifier.js';
import type { PassphrasePrompt } from '../adapters/ssh/identity.js';
import type { KnownHostsWarner } from '../adapters/ssh/known-hosts-warnings.js';

export interface OpenOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly reconnect: boolean;
  readonly passphrasePrompt?: PassphrasePrompt;
  readonly connectTimeoutMs?: number;
  /** See ClusterConnectionOptions.unlockKeysFirst. */
  readonly unlockKeysFirst?: boolean;
  /** Says unreadable known_hosts files and malformed lines, once per run (stderr, or the events pane). */
  readonly knownHostsWarner?: KnownHostsWarner;
  /** Connect each node on first use only (see ClusterConnectionOptions.lazy). */
  readonly lazy?: boolean;
}

/** The real SSH connections for a profile, host keys checked against known_hosts. */
export function openConnections(profile: Profile, options: OpenOptions): Promise<ClusterConnections> {
  return openClusterConnections({
    profile,
    env: options.env,
    reconnect: options.reconnect,
    hostKeyCheckFor: hostKeyCheckerFor(profile, options.env, options.knownHostsWarner),
    ...(options.passphrasePrompt !== undefined && { passphrasePrompt: options.passphrasePrompt }),
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.unlockKeysFirst !== undefined && { unlockKeysFirst: options.unlockKeysFirst }),
    ...(options.lazy !== undefined && { lazy: options.lazy }),
  });
}
