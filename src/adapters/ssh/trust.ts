import os from 'node:os';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';

const { Client } = ssh2;
import type { NodeSpec, Profile } from '../../core/profile/profile.js';
import { connectionSettings } from '../../core/ssh/connection-settings.js';
import { sha256Fingerprint } from '../../core/ssh/host-key-fingerprint.js';
import { hostLookupName } from '../../core/ssh/host-pattern.js';
import { checkKeyBlob } from '../../core/ssh/key-blob.js';
import type { SshClientConfig } from '../../core/ssh/ssh-config-output.js';
import { checkHostKey, formatKnownHostsLine, type EntryRef, type HostKeyQuery, type OfferedHostKey } from '../../core/ssh/known-hosts.js';
import { loadWarnings, preferredHostKeyAlgorithms, refusalFor } from './host-key-verifier.js';
import type { PassphrasePrompt } from './identity.js';
import { openJumpStream } from './jump-stream.js';
import { appendKnownHostsLine, homeDirectory, knownHostsFilesFor, readKnownHostsFiles, trustTargetFile } from './known-hosts-file.js';
import { resolveSshConfig } from './ssh-config-resolver.js';
import { classifySshError } from './ssh-error.js';
import type { RemoteError } from '../../core/ports/node-transport.js';

export type FetchedHostKey = { readonly ok: true; readonly key: OfferedHostKey } | { readonly ok: false; readonly error: RemoteError };

/**
 * Opens an SSH handshake only far enough to see the server's host key, then refuses it: no
 * authentication is attempted and nothing is sent after the key exchange.
 */
export function fetchHostKey(opts: {
  readonly node: string;
  readonly host: string;
  readonly port: number;
  readonly algorithms?: readonly string[];
  readonly timeoutMs?: number;
  /** A stream through a jump host instead of a TCP connection. */
  readonly sock?: Duplex;
}): Promise<FetchedHostKey> {
  const target = hostLookupName(opts.host, opts.port);
  return new Promise((resolve) => {
    const client = new Client();
    let result: FetchedHostKey | undefined;
    client.on('error', (err) => {
      result ??= { ok: false, error: classifySshError(opts.node, target, err) };
    });
    client.on('close', () => {
      resolve(result ?? { ok: false, error: { kind: 'closed', message: `${opts.node} (${target}): closed before showing a host key` } });
    });
    client.connect({
      host: opts.host,
      port: opts.port,
      username: 'picon-trust',
      readyTimeout: opts.timeoutMs ?? 8000,
      ...(opts.sock !== undefined && { sock: opts.sock }),
      ...(opts.algorithms !== undefined && { algorithms: { serverHostKey: [...opts.algorithms] as never } }),
      hostVerifier: (key: Buffer, verify: (accept: boolean) => void) => {
        const blob = checkKeyBlob(key);
        result = blob.ok
          ? { ok: true, key: { type: blob.value, blob: Buffer.from(key) } }
          : { ok: false, error: { kind: 'host-key-unknown', message: `${opts.node} (${target}): unreadable host key (${blob.reason})` } };
        verify(false);
      },
    });
  });
}

/** What to do about an unknown key: the CLI asks on a terminal, or `--yes` said yes already. */
export type Confirm = (question: string) => Promise<'yes' | 'no' | 'cannot-ask'>;

export interface TrustNodeOptions {
  readonly profile: Profile;
  readonly node: NodeSpec;
  readonly env: NodeJS.ProcessEnv;
  readonly confirm: Confirm;
  /** Human output, one line per call. */
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly dryRun?: boolean;
  readonly timeoutMs?: number;
  /** `ssh -G` by default; tests pass their own. */
  readonly resolveConfig?: (address: string, homeDir: string) => Promise<SshClientConfig | undefined>;
  /** For an encrypted key when logging in to a jump host. */
  readonly passphrasePrompt?: PassphrasePrompt;
}

/** The key a node offered, as `picon trust` shows it. */
export interface ShownKey {
  readonly node: string;
  readonly host: string;
  readonly through?: string;
  readonly keyType: string;
  readonly fingerprint: string;
}

export type TrustOutcome =
  | { readonly status: 'added'; readonly file: string; readonly line: number; readonly shown: ShownKey }
  | { readonly status: 'already-trusted'; readonly at: EntryRef; readonly shown: ShownKey }
  | { readonly status: 'not-added'; readonly reason: 'declined' | 'cannot-ask' | 'dry-run'; readonly shown: ShownKey; readonly file: string; readonly knownHostsLine: string }
  | { readonly status: 'refused'; readonly error: RemoteError; readonly hint?: string }
  | { readonly status: 'failed'; readonly error: RemoteError };

/**
 * `picon trust NODE`: shows the node's host key and, once confirmed, appends it to the
 * profile's known_hosts file (else the node's first UserKnownHostsFile). A different key already
 * on file is refused loudly and never overwritten. Connects the way picon's connections do (ssh -G
 * under the profile), through the node's jump host if it has one (whose own key must be trusted).
 */
export async function trustNode(opts: TrustNodeOptions): Promise<TrustOutcome> {
  const { node, print, warn } = opts;
  const home = homeDirectory(opts.env);
  const resolveConfig = opts.resolveConfig ?? resolveSshConfig;
  const config = await resolveConfig(node.address, home);
  const settings = connectionSettings(node, config, opts.env['USER'] ?? os.userInfo().username, opts.profile.nodes);
  const files = knownHostsFilesFor(opts.profile, settings, opts.env);
  const query: HostKeyQuery = {
    host: settings.knownHostsName,
    port: settings.port,
    aliases: [settings.host, node.address].filter((a) => a !== settings.knownHostsName),
  };
  const target = hostLookupName(settings.knownHostsName, settings.port);

  let sock: Duplex | undefined;
  let closeJump = (): void => undefined;
  let via: string | undefined;
  if (settings.jumpNode !== undefined || settings.jumpHost !== undefined) {
    const jump = await openJumpStream({
      profile: opts.profile,
      settings,
      env: opts.env,
      resolveConfig,
      ...(opts.passphrasePrompt !== undefined && { passphrasePrompt: opts.passphrasePrompt }),
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
    });
    if (!jump.ok) return { status: 'failed', error: jump.error };
    sock = jump.stream;
    closeJump = jump.close;
    via = jump.via;
  }
  let fetched: FetchedHostKey;
  try {
    fetched = await fetchHostKey({
      node: node.name,
      host: settings.host,
      port: settings.port,
      algorithms: preferredHostKeyAlgorithms({ ...query, files }),
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
      ...(sock !== undefined && { sock }),
    });
  } finally {
    closeJump();
  }
  if (!fetched.ok) return { status: 'failed', error: fetched.error };
  const { key } = fetched;

  print(`node         ${node.name}`);
  print(`host         ${target}${settings.host !== settings.knownHostsName ? ` (connecting to ${settings.host})` : ''}`);
  if (via !== undefined) print(`through      ${via}`);
  print(`key type     ${key.type}`);
  print(`fingerprint  ${sha256Fingerprint(key.blob)}`);
  const shown: ShownKey = { node: node.name, host: target, ...(via !== undefined && { through: via }), keyType: key.type, fingerprint: sha256Fingerprint(key.blob) };

  const loaded = readKnownHostsFiles(files);
  for (const w of loadWarnings(loaded)) warn(`warning: ${w}`);
  const verdict = checkHostKey(loaded.entries, query, key);
  if (verdict.result === 'match') {
    print(`Already trusted: ${verdict.at.source}:${verdict.at.line} has this key.`);
    return { status: 'already-trusted', at: verdict.at, shown };
  }
  const refusal = refusalFor(node.name, target, key, verdict);
  if (verdict.result === 'revoked' && refusal !== undefined) return { status: 'refused', error: refusal };
  if (verdict.result === 'changed' && refusal !== undefined) {
    const files = [...new Set(verdict.expected.map((e) => e.source))];
    const hint = `If you know why the key changed, remove the old key first: ${files.map((f) => `ssh-keygen -f '${f}' -R '${target}'`).join('; ')}`;
    return { status: 'refused', error: refusal, hint };
  }

  const file = trustTargetFile(opts.profile, settings, opts.env);
  if (file === undefined) {
    return {
      status: 'failed',
      error: { kind: 'host-key-unknown', message: `${node.name}: nowhere to add the key: UserKnownHostsFile is none for ${node.address} and the profile names no knownHosts file` },
    };
  }
  const line = formatKnownHostsLine(settings.knownHostsName, settings.port, key);
  if (opts.dryRun === true) {
    print(`Dry run: would add to ${file}:`);
    print(`  ${line}`);
    return { status: 'not-added', reason: 'dry-run', shown, file, knownHostsLine: line };
  }
  const answer = await opts.confirm(`Add this key to ${file}? [y/N] `);
  if (answer !== 'yes') return { status: 'not-added', reason: answer === 'no' ? 'declined' : 'cannot-ask', shown, file, knownHostsLine: line };
  const appended = appendKnownHostsLine(file, line);
  if (!appended.ok) return { status: 'failed', error: { kind: 'host-key-unknown', message: `${node.name}: ${appended.reason}` } };
  print(`Added ${target} to ${file}:${appended.value}.`);
  return { status: 'added', file, line: appended.value, shown };
}
