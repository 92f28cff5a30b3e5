import type { Duplex } from 'node:stream';
import ssh2, { type Client, type SFTPWrapper } from 'ssh2';
import type { ConnectionSettings } from '../../core/ssh/connection-settings.js';
import type { RemoteCommand } from '../../core/remote/shell-quote.js';
import { sessionChannelLimit } from '../../core/ssh/session-channel-limit.js';
import { backoffDelay } from '../../core/util/backoff.js';
import { Semaphore } from '../../core/util/semaphore.js';
import { authMethods, connectConfig, serverSoftware } from './connect-config.js';
import type { IdentityStore } from './identity.js';
import { classifySshError } from './ssh-error.js';
import { openForward, openSftp, runExec } from './ssh-exec.js';
import { sftpRemoteFiles } from './sftp-remote-files.js';
import type { RemoteFiles } from '../../core/ports/remote-files.js';
import { fail, ok, type ConnectionStatus, type ExecOptions, type ExecResult, type NodeTransport, type Outcome, type RemoteError } from '../../core/ports/node-transport.js';

/** What the host-key checker gives one connection attempt (see host-key-verifier.ts). */
export interface HostKeyCheck {
  readonly verifier: (key: Buffer, verify: (accept: boolean) => void) => void;
  readonly lastRefusal: () => RemoteError | undefined;
  readonly preferredAlgorithms?: readonly string[];
}

export interface SshConnectionOptions {
  readonly settings: ConnectionSettings;
  readonly hostKeyCheck: () => HostKeyCheck;
  readonly identities: IdentityStore;
  readonly agentSocket?: string;
  /** The node to jump through (its own connection, host key checked on its own). */
  readonly jump?: SshConnection;
  readonly reconnect?: boolean;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly connectTimeoutMs?: number;
  /** Concurrent exec channels (OpenSSH MaxSessions is 10; SFTP takes one more). */
  readonly maxSessions?: number;
}

const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_SESSIONS = 8;

/** One persistent SSH connection to a node; every remote call is a channel on it. */
export class SshConnection implements NodeTransport {
  readonly node: string;
  private client: Client | undefined;
  /** The client of a connection attempt not yet ready. */
  private attempt: Client | undefined;
  private current: ConnectionStatus;
  private readonly listeners = new Set<(s: ConnectionStatus) => void>();
  private readonly sessions: Semaphore;
  private sftpSession: Promise<Outcome<SFTPWrapper>> | undefined;
  /** The files port of each SFTP session: the same value while the session lasts. */
  private readonly filesOfSession = new WeakMap<SFTPWrapper, RemoteFiles>();
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private started = false;

  constructor(private readonly options: SshConnectionOptions) {
    this.node = options.settings.node;
    this.sessions = new Semaphore(options.maxSessions ?? DEFAULT_MAX_SESSIONS);
    this.current = { state: 'idle', since: Date.now(), attempts: 0 };
  }

  status(): ConnectionStatus {
    return this.current;
  }

  onStatusChange(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  ready(timeoutMs = 15_000): Promise<Outcome<void>> {
    this.start();
    if (this.current.state === 'up') return Promise.resolve(ok(undefined));
    if (this.current.state === 'closed') return Promise.resolve(fail('aborted', `${this.node}: connection closed`));
    if (this.current.state === 'down' && this.current.error !== undefined) {
      return Promise.resolve({ ok: false, error: this.current.error });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(fail('timeout', `${this.node} (${this.target()}): not connected after ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const off = this.onStatusChange((s) => {
        if (s.state === 'connecting') return;
        clearTimeout(timer);
        off();
        if (s.state === 'up') resolve(ok(undefined));
        else resolve({ ok: false, error: s.error ?? { kind: 'closed', message: `${this.node}: connection closed` } });
      });
    });
  }

  async exec(command: RemoteCommand, options: ExecOptions = {}): Promise<Outcome<ExecResult>> {
    const client = await this.usableClient(options.timeoutMs);
    if (!client.ok) return client;
    const release = await this.sessions.acquire();
    const onStdout = (text: string): void => {
      release(); // idempotent
      options.onStdout?.(text);
    };
    const run = options.releaseSlotOnOutput === true ? { ...options, onStdout } : options;
    try {
      return await runExec(client.value, this.node, command, options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS, run);
    } finally {
      release();
    }
  }

  async openUnixSocket(socketPath: string, options: { timeoutMs?: number } = {}): Promise<Outcome<Duplex>> {
    return this.openChannel(`unix socket ${socketPath}`, options.timeoutMs, (client, cb) =>
      client.openssh_forwardOutStreamLocal(socketPath, cb),
    );
  }

  async forwardOut(host: string, port: number, options: { timeoutMs?: number } = {}): Promise<Outcome<Duplex>> {
    return this.openChannel(`forward to ${host}:${port}`, options.timeoutMs, (client, cb) =>
      client.forwardOut('127.0.0.1', 0, host, port, cb),
    );
  }

  async files(): Promise<Outcome<RemoteFiles>> {
    const r = await this.sftp();
    if (r.ok && !this.filesOfSession.has(r.value)) this.filesOfSession.set(r.value, sftpRemoteFiles(r.value));
    return r.ok ? ok(this.filesOfSession.get(r.value) as RemoteFiles) : r;
  }

  private sftp(): Promise<Outcome<SFTPWrapper>> {
    if (this.sftpSession === undefined) {
      this.sftpSession = this.openSftp();
      void this.sftpSession.then((r) => {
        if (!r.ok) this.sftpSession = undefined;
      });
    }
    return this.sftpSession;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.client?.end();
    this.client = undefined;
    // A handshake still in progress would keep the process alive: cut it.
    this.attempt?.destroy();
    this.attempt = undefined;
    this.setStatus({ state: 'closed', since: Date.now(), attempts: this.current.attempts });
  }

  private async openSftp(): Promise<Outcome<SFTPWrapper>> {
    const client = await this.usableClient();
    if (!client.ok) return client;
    // Opening it is a session channel like an exec (see session-channel-limit.ts); once open it
    // runs on its own.
    const release = await this.sessions.acquire();
    try {
      const opened = await openSftp(client.value, this.node);
      if (opened.ok) opened.value.on('close', () => (this.sftpSession = undefined));
      return opened;
    } finally {
      release();
    }
  }

  private async openChannel(
    what: string,
    timeoutMs: number | undefined,
    open: (client: Client, cb: (err: Error | undefined, stream: Duplex) => void) => void,
  ): Promise<Outcome<Duplex>> {
    const client = await this.usableClient(timeoutMs);
    if (!client.ok) return client;
    return openForward(client.value, this.node, what, timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS, open);
  }

  /** The connected client, waiting for a connection in progress; a down node fails at once. */
  private async usableClient(timeoutMs = DEFAULT_EXEC_TIMEOUT_MS): Promise<Outcome<Client>> {
    if (this.current.state !== 'up') {
      if (this.current.state === 'down' || this.current.state === 'closed') {
        return { ok: false, error: this.current.error ?? { kind: 'closed', message: `${this.node}: not connected` } };
      }
      const r = await this.ready(timeoutMs);
      if (!r.ok) return r;
    }
    return this.client !== undefined ? ok(this.client) : fail('closed', `${this.node}: not connected`);
  }

  private target(): string {
    const { user, host, port } = this.options.settings;
    return `${user}@${host}:${port}`;
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    for (const listener of [...this.listeners]) listener(status);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const { settings } = this.options;
    const attempts = this.current.attempts;
    // While reconnecting, a down node stays "down since …" until it is up again.
    if (this.current.state !== 'connecting' && this.current.state !== 'down') {
      this.setStatus({ state: 'connecting', since: Date.now(), attempts });
    }
    const target = this.target();

    let sock: Duplex | undefined;
    if (this.options.jump !== undefined) {
      const via = this.options.jump;
      const hop = await via.ready(this.options.connectTimeoutMs ?? 8000);
      const forwarded = hop.ok ? await via.forwardOut(settings.host, settings.port) : hop;
      if (this.closed) {
        if (forwarded.ok) forwarded.value.destroy();
        return;
      }
      if (!forwarded.ok) {
        this.failed({ kind: 'jump', message: `${this.node} (via ${via.node}): ${forwarded.error.message}` });
        return;
      }
      sock = forwarded.value;
    }

    const identities = await this.options.identities.load(settings.identityFiles);
    if (this.closed) {
      sock?.destroy();
      return;
    }
    const auth = authMethods(settings.user, this.options.agentSocket, identities);
    // A key file that gave no key (missing, encrypted with no or a wrong passphrase, not a key)
    // is the likely reason an authentication fails: say which, and what to do.
    const problems = this.options.identities.problemsAmong(settings.identityFiles, settings.namedIdentityFiles ?? settings.identityFiles);
    const keyHint = problems.length === 0 ? '' : `; ${problems.join('; ')}`;
    if (auth.length === 0) {
      sock?.destroy();
      this.failed({ kind: 'auth', message: `${this.node} (${target}): no ssh-agent and no usable identity file${keyHint}` });
      return;
    }

    const check = this.options.hostKeyCheck();
    const client = new ssh2.Client();
    this.attempt = client;
    let wasUp = false;
    let lastError: RemoteError | undefined;
    const config = connectConfig({
      settings,
      auth,
      hostVerifier: check.verifier,
      ...(check.preferredAlgorithms !== undefined && { preferredAlgorithms: check.preferredAlgorithms }),
      ...(sock !== undefined && { sock }),
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 2000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 8000,
    });
    client.on('ready', () => {
      wasUp = true;
      const server = serverSoftware(client);
      this.sessions.setLimit(sessionChannelLimit(server, this.options.maxSessions ?? DEFAULT_MAX_SESSIONS));
      this.client = client;
      if (this.attempt === client) this.attempt = undefined;
      this.sftpSession = undefined;
      this.setStatus({ state: 'up', since: Date.now(), attempts: 0, ...(server !== undefined && { server }) });
    });
    client.on('error', (err) => {
      const error = check.lastRefusal() ?? classifySshError(this.node, target, err);
      // ssh2 reports the cause (a handshake timeout, say) and then, as it drops the socket,
      // "Connection lost before handshake": keep the cause.
      if (lastError !== undefined && lastError.kind !== 'closed') return;
      lastError = error.kind === 'auth' && keyHint !== '' ? { ...error, message: `${error.message}${keyHint}` } : error;
    });
    client.on('close', () => {
      if (this.client === client) this.client = undefined;
      if (this.attempt === client) this.attempt = undefined;
      this.sftpSession = undefined;
      if (this.closed) return;
      const error = lastError ?? check.lastRefusal() ?? { kind: 'closed' as const, message: `${this.node} (${target}): connection closed` };
      this.failed(error, wasUp);
    });
    client.connect(config);
  }

  private failed(error: RemoteError, wasUp = false): void {
    if (this.closed) return;
    const attempts = wasUp ? 1 : this.current.attempts + 1;
    this.setStatus({ state: 'down', since: wasUp || this.current.state !== 'down' ? Date.now() : this.current.since, error, attempts });
    if (this.options.reconnect === false) return;
    // A wrong host key will not fix itself by retrying quickly; keep trying, but slowly.
    const delay = error.kind.startsWith('host-key') ? 30_000 : backoffDelay(attempts);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
