import os from 'node:os';
import type { Duplex } from 'node:stream';
import type { NodeSpec, Profile } from '../../core/profile/profile.js';
import { connectionSettings, type ConnectionSettings, type JumpHost } from '../../core/ssh/connection-settings.js';
import { sha256Fingerprint } from '../../core/ssh/host-key-fingerprint.js';
import type { SshClientConfig } from '../../core/ssh/ssh-config-output.js';
import { hostKeyCheckerFor, type HostVerifier } from './host-key-verifier.js';
import { homeDirectory, userKnownHostsFiles } from './known-hosts-file.js';
import { agentPublicKeys, agentSocketFrom } from './agent-keys.js';
import { IdentityStore, type PassphrasePrompt } from './identity.js';
import { SshConnection } from './ssh-connection.js';
import type { RemoteError } from '../../core/ports/node-transport.js';

/** A ProxyJump host from ~/.ssh/config that is not a node of the profile, as a node of its own. */
export function jumpHostSpec(jump: JumpHost): NodeSpec {
  return {
    name: `jump ${jump.host}`,
    role: 'worker',
    address: jump.host,
    ssh: { ...(jump.user !== undefined && { user: jump.user }), ...(jump.port !== undefined && { port: jump.port }) },
    services: [],
    serviceControl: { restart: '', isActive: '' },
    servers: [],
  };
}

export interface JumpStreamOptions {
  readonly profile: Profile;
  /** The settings of the node to reach; its jumpNode or jumpHost is the way in. */
  readonly settings: ConnectionSettings;
  readonly env: NodeJS.ProcessEnv;
  readonly resolveConfig: (address: string, homeDir: string) => Promise<SshClientConfig | undefined>;
  readonly passphrasePrompt?: PassphrasePrompt;
  readonly timeoutMs?: number;
}

export type JumpStream =
  | { readonly ok: true; readonly stream: Duplex; readonly via: string; close(): void }
  | { readonly ok: false; readonly error: RemoteError };

/** Hops picon follows before it calls the chain a loop. */
const MAX_HOPS = 4;

/**
 * A TCP stream to the node's host:port forwarded by its jump host (`forwardOut`), the way picon's
 * connections go: the jump host is logged in to with the same keys and its own host key checked.
 * A jump host that jumps itself is reached through its own jump first.
 */
export async function openJumpStream(opts: JumpStreamOptions): Promise<JumpStream> {
  const { settings, profile, env } = opts;
  const home = homeDirectory(env);
  const localUser = env['USER'] ?? os.userInfo().username;
  const agentSocket = agentSocketFrom(env);
  const identities = new IdentityStore(opts.passphrasePrompt, agentSocket === undefined ? undefined : () => agentPublicKeys(agentSocket));
  const checker = hostKeyCheckerFor(profile, env);
  const opened: SshConnection[] = [];
  const closeAll = (): void => {
    for (const c of opened) c.close();
  };

  const hopFor = async (of: ConnectionSettings, depth: number): Promise<{ connection: SshConnection; label: string; settings: ConnectionSettings } | RemoteError | undefined> => {
    const jumpNode = of.jumpNode === undefined ? undefined : profile.nodes.find((n) => n.name === of.jumpNode);
    const spec = jumpNode ?? (of.jumpHost !== undefined ? jumpHostSpec(of.jumpHost) : undefined);
    if (spec === undefined) return undefined;
    if (depth >= MAX_HOPS) return { kind: 'jump', message: `${settings.node}: more than ${MAX_HOPS} jump hosts in a row (a ProxyJump loop?)` };
    const config = await opts.resolveConfig(spec.address, home);
    const hopSettings = jumpNode !== undefined
      ? connectionSettings(spec, config, localUser, profile.nodes)
      : { ...connectionSettings(spec, config, localUser), jumpNode: undefined, jumpHost: undefined };
    const before = await hopFor(hopSettings, depth + 1);
    if (before !== undefined && !('connection' in before)) return before;
    let verifier: HostVerifier | undefined;
    const connection = new SshConnection({
      settings: hopSettings,
      hostKeyCheck: () => (verifier = checker(hopSettings)),
      identities,
      ...(agentSocket !== undefined && { agentSocket }),
      ...(before !== undefined && { jump: before.connection }),
      reconnect: false,
      connectTimeoutMs: opts.timeoutMs ?? 8000,
    });
    opened.push(connection);
    const label = jumpNode?.name ?? spec.address;
    const up = await connection.ready((opts.timeoutMs ?? 8000) + 2000);
    if (up.ok) return { connection, label, settings: hopSettings };
    return jumpRefusal(settings.node, label, jumpNode !== undefined, up.error, verifier, userKnownHostsFiles(hopSettings, env)[0]);
  };

  const hop = await hopFor(settings, 0);
  if (hop === undefined) {
    closeAll();
    return { ok: false, error: { kind: 'jump', message: `${settings.node}: no jump host to go through` } };
  }
  if (!('connection' in hop)) {
    closeAll();
    return { ok: false, error: hop };
  }
  const forwarded = await hop.connection.forwardOut(settings.host, settings.port, { timeoutMs: opts.timeoutMs ?? 8000 });
  if (!forwarded.ok) {
    closeAll();
    return { ok: false, error: { kind: 'jump', message: `${settings.node} (via ${hop.label}): ${forwarded.error.message}` } };
  }
  return { ok: true, stream: forwarded.value, via: hop.label, close: closeAll };
}

/** Why the jump host could not be used, saying what to trust first when it is its host key. */
function jumpRefusal(
  node: string,
  jump: string,
  isNode: boolean,
  error: RemoteError,
  verifier: HostVerifier | undefined,
  knownHostsFile: string | undefined,
): RemoteError {
  const prefix = `${node} is reached through ${jump}`;
  if (error.kind === 'host-key-unknown') {
    if (isNode) {
      return { kind: 'jump', message: `${prefix}, whose own host key is not trusted yet; run \`picon trust ${jump}\` first (${error.message})` };
    }
    const offered = verifier?.lastOffered();
    const key = offered === undefined ? '' : ` (${offered.type} ${sha256Fingerprint(offered.blob)})`;
    return {
      kind: 'jump',
      message: `${prefix} (ProxyJump), whose own host key${key} is not known; check it and add it to ${knownHostsFile ?? 'known_hosts'} first (picon trust only adds nodes of the profile)`,
    };
  }
  if (error.kind === 'host-key-changed' || error.kind === 'host-key-revoked') {
    return { kind: 'jump', message: `${prefix}, whose own host key was refused: ${error.message}` };
  }
  return { kind: 'jump', message: `${prefix}, which cannot be used: ${error.message}` };
}
