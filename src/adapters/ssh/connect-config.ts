import type { Duplex } from 'node:stream';
import type { AnyAuthMethod, Client, ConnectConfig } from 'ssh2';
import type { ConnectionSettings } from '../../core/ssh/connection-settings.js';
import type { LoadedIdentity } from './identity.js';

/** Like OpenSSH: the agent's keys first, then the key files in order. */
export function authMethods(user: string, agentSocket: string | undefined, identities: readonly LoadedIdentity[]): AnyAuthMethod[] {
  const auth: AnyAuthMethod[] = [];
  if (agentSocket !== undefined) auth.push({ type: 'agent', username: user, agent: agentSocket });
  for (const id of identities) auth.push({ type: 'publickey', username: user, key: id.key });
  return auth;
}

export interface ConnectConfigInput {
  readonly settings: ConnectionSettings;
  readonly auth: AnyAuthMethod[];
  readonly hostVerifier: (key: Buffer, verify: (accept: boolean) => void) => void;
  readonly preferredAlgorithms?: readonly string[];
  /** A stream through the jump host, instead of a TCP connection. */
  readonly sock?: Duplex;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  readonly connectTimeoutMs: number;
}

export function connectConfig(input: ConnectConfigInput): ConnectConfig {
  const { settings } = input;
  return {
    host: settings.host,
    port: settings.port,
    username: settings.user,
    ...(input.sock !== undefined && { sock: input.sock }),
    authHandler: input.auth,
    hostVerifier: input.hostVerifier,
    keepaliveInterval: input.keepaliveIntervalMs,
    keepaliveCountMax: input.keepaliveCountMax,
    readyTimeout: input.connectTimeoutMs,
    ...(input.preferredAlgorithms !== undefined &&
      input.preferredAlgorithms.length > 0 && {
        // The full ordered list: ssh2 ignores a `prepend` of names already in its defaults.
        algorithms: { serverHostKey: [...input.preferredAlgorithms] } as ConnectConfig['algorithms'],
      }),
  };
}

/** The software part of the server's ident line (`OpenSSH_9.2p1`); ssh2 keeps it on a field it does not type. */
export function serverSoftware(client: Client): string | undefined {
  const value = (client as unknown as { _remoteVer?: unknown })._remoteVer;
  return typeof value === 'string' ? value : undefined;
}
