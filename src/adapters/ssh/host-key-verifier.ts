import { createRequire } from 'node:module';
import type { NodeSpec, Profile } from '../../core/profile/profile.js';
import type { ConnectionSettings } from '../../core/ssh/connection-settings.js';
import { orderHostKeyAlgorithms } from '../../core/ssh/host-key-algorithms.js';
import { sha256Fingerprint } from '../../core/ssh/host-key-fingerprint.js';
import { hostLookupName } from '../../core/ssh/host-pattern.js';
import { checkKeyBlob } from '../../core/ssh/key-blob.js';
import {
  checkHostKey,
  knownKeyTypes,
  type EntryRef,
  type HostKeyQuery,
  type HostKeyVerdict,
  type OfferedHostKey,
} from '../../core/ssh/known-hosts.js';
import { knownHostsFilesFor, readKnownHostsFiles, type LoadedKnownHosts } from './known-hosts-file.js';
import { knownHostsWarnings, type KnownHostsWarner } from './known-hosts-warnings.js';
import type { RemoteError } from '../../core/ports/node-transport.js';

export interface HostVerifierOptions {
  /** Node name, for messages and the `picon trust NODE` hint. */
  readonly node: string;
  /** The name known_hosts is searched for (HostKeyAlias, else HostName, else the address). */
  readonly host: string;
  readonly port: number;
  /** Also tried, e.g. the address exactly as the profile gives it. */
  readonly aliases?: readonly string[];
  /** known_hosts files, read afresh at every handshake (missing ones count as empty). */
  readonly files: readonly string[];
  /** Told of every read, to say unreadable files and malformed lines once per run. */
  readonly warner?: KnownHostsWarner;
}

/** ssh2's `hostVerifier`: callback form only. ssh2 takes any value an async function returns as "accept". */
export type Ssh2HostVerifier = (key: Buffer, verify: (accept: boolean) => void) => void;

export interface HostVerifier {
  readonly verifier: Ssh2HostVerifier;
  /** Why the last handshake's key was refused; undefined once a key was accepted. */
  lastRefusal(): RemoteError | undefined;
  /** The key the server offered at the last handshake. */
  lastOffered(): OfferedHostKey | undefined;
  /** Exact list for ssh2's `algorithms.serverHostKey` (not `prepend`: it skips names already listed). */
  readonly preferredAlgorithms: readonly string[];
  /** Unreadable known_hosts files and malformed lines, one line per file. */
  warnings(): string[];
}

interface Ssh2Constants {
  readonly DEFAULT_SERVER_HOST_KEY: readonly string[];
  readonly SUPPORTED_SERVER_HOST_KEY: readonly string[];
}
const ssh2Constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as Ssh2Constants;

const queryOf = (opts: HostVerifierOptions): HostKeyQuery => ({
  host: opts.host,
  port: opts.port,
  ...(opts.aliases !== undefined && { aliases: opts.aliases.filter((a) => a !== opts.host) }),
});

function preferred(loaded: LoadedKnownHosts, query: HostKeyQuery): string[] {
  return orderHostKeyAlgorithms(
    knownKeyTypes(loaded.entries, query),
    ssh2Constants.DEFAULT_SERVER_HOST_KEY,
    ssh2Constants.SUPPORTED_SERVER_HOST_KEY,
  );
}

/** Host key algorithms for ssh2's `algorithms.serverHostKey`, known types for the host first. */
export function preferredHostKeyAlgorithms(opts: Omit<HostVerifierOptions, 'node'>): string[] {
  return preferred(readKnownHostsFiles(opts.files), queryOf({ ...opts, node: '' }));
}

const at = (ref: EntryRef): string => `${ref.source}:${ref.line}`;

export function loadWarnings(loaded: LoadedKnownHosts): string[] {
  return knownHostsWarnings(loaded).map((w) => w.text);
}

/** The one-line reason a refused key gives, naming the node, the host and what to do. */
export function refusalFor(node: string, target: string, offered: OfferedHostKey, verdict: HostKeyVerdict): RemoteError | undefined {
  const key = `${offered.type} ${sha256Fingerprint(offered.blob)}`;
  switch (verdict.result) {
    case 'match':
      return undefined;
    case 'unknown':
      return {
        kind: 'host-key-unknown',
        message: `${node} (${target}): host key not known (${key}); check it, then run: picon trust ${node}`,
      };
    case 'revoked':
      return {
        kind: 'host-key-revoked',
        message: `${node} (${target}): host key ${key} is marked @revoked in ${at(verdict.at)}; not connecting`,
      };
    case 'changed': {
      const [first, ...more] = verdict.expected;
      const old = first === undefined ? '' : `${at(first)} has ${first.keyType} ${first.fingerprint}${more.length > 0 ? ` (and ${more.length} more)` : ''}`;
      return {
        kind: 'host-key-changed',
        message:
          `${node} (${target}): HOST KEY CHANGED! The server offers ${key} but ${old}. ` +
          'Someone could be intercepting the connection; not connecting. known_hosts was left as it is: ' +
          'if the change is expected, remove the old line yourself.',
      };
    }
  }
}

export function createHostVerifier(opts: HostVerifierOptions): HostVerifier {
  const query = queryOf(opts);
  const target = hostLookupName(opts.host, opts.port);
  let refusal: RemoteError | undefined;
  let offered: OfferedHostKey | undefined;
  let warnings: string[] = [];
  const initial = readKnownHostsFiles(opts.files);
  opts.warner?.report(initial);

  const decide = (key: Buffer): boolean => {
    refusal = undefined;
    offered = undefined;
    const blob = checkKeyBlob(key);
    if (!blob.ok) {
      refusal = { kind: 'host-key-unknown', message: `${opts.node} (${target}): the server offered a host key picon cannot read (${blob.reason})` };
      return false;
    }
    offered = { type: blob.value, blob: Buffer.from(key) };
    const loaded = readKnownHostsFiles(opts.files);
    opts.warner?.report(loaded);
    warnings = loadWarnings(loaded);
    refusal = refusalFor(opts.node, target, offered, checkHostKey(loaded.entries, query, offered));
    return refusal === undefined;
  };

  return {
    verifier: (key, verify) => {
      let accept = false;
      try {
        accept = decide(key);
      } catch (error) {
        refusal = { kind: 'host-key-unknown', message: `${opts.node} (${target}): host key check failed: ${String(error)}` };
      }
      verify(accept);
    },
    lastRefusal: () => refusal,
    lastOffered: () => offered,
    preferredAlgorithms: preferred(initial, query),
    warnings: () => (warnings.length > 0 ? warnings : loadWarnings(initial)),
  };
}

/**
 * What the cluster's connections use: for each node, a fresh verifier against the profile's own
 * file and the node's UserKnownHostsFile and GlobalKnownHostsFile, trying the profile's address as an alias.
 */
export function hostKeyCheckerFor(profile: Profile, env: NodeJS.ProcessEnv, warner?: KnownHostsWarner): (settings: ConnectionSettings) => HostVerifier {
  return (settings) => {
    const node: NodeSpec | undefined = profile.nodes.find((n) => n.name === settings.node);
    return createHostVerifier({
      node: settings.node,
      host: settings.knownHostsName,
      port: settings.port,
      aliases: [settings.host, ...(node !== undefined ? [node.address] : [])],
      files: knownHostsFilesFor(profile, settings, env),
      ...(warner !== undefined && { warner }),
    });
  };
}
