import type { RemoteCommand } from '../remote/shell-quote.js';
import type { ByteStream } from './byte-stream.js';
import type { RemoteFiles } from './remote-files.js';

/**
 * The port every remote call goes through: one persistent connection per node (SSH in
 * adapters/ssh/ssh-connection.ts). Expected failures are values (`Outcome`), never exceptions.
 * No library type crosses it: streams are `ByteStream`s, files `RemoteFiles`.
 */

export type RemoteErrorKind =
  | 'refused' // TCP connection refused
  | 'timeout' // connect, handshake or command took too long
  | 'unreachable' // no route, DNS failure, reset
  | 'auth' // no key was accepted
  | 'host-key-unknown' // not in known_hosts: run `picon trust NODE`
  | 'host-key-changed' // known_hosts has a different key for this host
  | 'host-key-revoked' // @revoked in known_hosts
  | 'jump' // the jump host failed
  | 'closed' // the connection was lost (keepalive, node frozen or rebooted)
  | 'channel' // the server refused to open a channel / forward
  | 'too-large' // a command printed more than its output limit (refused, never cut)
  | 'aborted'; // the caller cancelled

export interface RemoteError {
  readonly kind: RemoteErrorKind;
  /** One line a person can read, naming the node. */
  readonly message: string;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RemoteError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (kind: RemoteErrorKind, message: string): Outcome<never> => ({ ok: false, error: { kind, message } });

export interface ExecResult {
  /** Exit code; null when the command was ended by a signal or timed out. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  /** Default 10 s. On timeout the channel is closed and the outcome is a 'timeout' failure. */
  readonly timeoutMs?: number;
  readonly stdin?: string;
  readonly signal?: AbortSignal;
  /**
   * Keeps the command's stdin open (after `stdin`, if any) until this signal aborts, then sends
   * EOF. A remote `cat >/dev/null` thus lives exactly as long as this holder — or until picon dies
   * and its connection with it — which is how a lock or a remote guard knows its owner is gone.
   */
  readonly holdStdinUntil?: AbortSignal;
  /**
   * Most bytes stdout and stderr may hold together (default 8 MiB); past it the channel is
   * closed and the outcome is a 'too-large' failure, never a cut output.
   */
  readonly maxOutputBytes?: number;
  /** Each chunk of stdout as it arrives (the whole stdout is still in the result, unless `collectStdout` is false). */
  readonly onStdout?: (text: string) => void;
  /** false: stdout is only streamed to `onStdout` (a command that prints for as long as it lives); the result's stdout is empty. */
  readonly collectStdout?: boolean;
  /**
   * With `holdStdinUntil`: called once the command runs, with a writer for more of its stdin
   * (a loop that reads one line per request). Writing after the hold ended does nothing.
   */
  readonly stdinWriter?: (write: (text: string) => void) => void;
  /**
   * A long-lived command (a lock holder) gives its session slot back once it has printed: from
   * then on it only waits, so on a head that takes one channel at a time (old Dropbear) the
   * commands it guards can still run.
   */
  readonly releaseSlotOnOutput?: boolean;
}

/** `idle`: not opened yet — opened on first use (where Prometheus gives the node's health, only an action opens it). */
export type ConnectionState = 'idle' | 'connecting' | 'up' | 'down' | 'closed';

/** A node's connection as the console, the wallboard and status show it (the one type for it). */
export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** When the state last changed (ms since epoch). */
  readonly since: number;
  /** Why it is down (last error). */
  readonly error?: RemoteError;
  /** Reconnect attempts since it was last up. */
  readonly attempts: number;
  /** While up: the server's software from its ident line (`OpenSSH_9.2p1`, `dropbear_2022.83`). */
  readonly server?: string;
}

export interface NodeTransport {
  readonly node: string;
  status(): ConnectionStatus;
  /** Resolves once connected (or with the reason it could not connect this time). */
  ready(timeoutMs?: number): Promise<Outcome<void>>;
  exec(command: RemoteCommand, options?: ExecOptions): Promise<Outcome<ExecResult>>;
  /** A stream to a Unix socket on the node (OpenSSH streamlocal forwarding). */
  openUnixSocket(socketPath: string, options?: { timeoutMs?: number }): Promise<Outcome<ByteStream>>;
  /**
   * The node's files, read in place over one long-lived session (SFTP: opened once, reopened after
   * a reconnect; the same value until then). A 'channel' failure: the server offers no file access.
   */
  files(): Promise<Outcome<RemoteFiles>>;
  onStatusChange(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}
