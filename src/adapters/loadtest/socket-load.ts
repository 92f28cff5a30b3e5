import net from 'node:net';
import tls from 'node:tls';
import { HttpResponseParser } from '../../core/loadtest/http-response-parser.js';
import type { PreparedRequest } from '../../core/loadtest/http-request.js';
import { KindTally, type KindPart } from '../../core/loadtest/kind-tally.js';
import { LatencyHistogram, type HistogramData } from '../../core/loadtest/latency-histogram.js';

/**
 * One thread's share of a built-in load-test run: `connections` keep-alive (or one-shot)
 * connections, each with one request in flight, sending the same prepared bytes again as soon as
 * a response is complete. Threads share an Int32Array of counters: request tickets (so a -n run
 * sends exactly n requests, however the threads race), responses and errors (read for progress).
 */

export const SHARED_TICKETS = 0;
export const SHARED_COMPLETED = 1;
export const SHARED_ERRORS = 2;
export const SHARED_SLOTS = 3;

/** Give up early when the target answers nothing: this many errors before any first response. */
export const REFUSED_AFTER = 20;
/** A connection that could not connect waits this long before it tries again. */
const RECONNECT_DELAY_MS = 10;
/** Every plain socket of a thread reads into this: the parser keeps nothing of what it is given. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** After a response that closes the connection, the server's own close is awaited this long. */
const LINGER_MS = 2000;

/** What one thread measured. */
export interface EnginePart {
  readonly completed: number;
  /** Requests that got no complete response: connect errors, resets, bad responses, timeouts. */
  readonly failed: number;
  readonly non2xx: number;
  readonly bytes: number;
  /** From the start to the last response. */
  readonly seconds: number;
  readonly histogram: HistogramData;
  readonly firstError?: string;
  /** A mixed run: each kind's own count, in the mix's order. */
  readonly kinds?: readonly KindPart[];
}

/** A mixed run's requests and the order tickets take them in (core/loadtest/mix.ts). */
export interface MixRequests {
  readonly requests: readonly PreparedRequest[];
  readonly schedule: readonly number[];
}

export interface SocketLoadOptions {
  readonly request: PreparedRequest;
  readonly connections: number;
  /** Every thread's tickets together; undefined for a timed run. */
  readonly requests?: number;
  readonly durationMs?: number;
  readonly requestTimeoutMs: number;
  readonly shared: Int32Array;
  /** The certificates (PEM) https trusts instead of Node's built-in CA list. */
  readonly ca?: string;
  /** https: take any certificate (--insecure). */
  readonly insecure?: boolean;
  /** Send these requests by ticket instead of `request` alone. */
  readonly mix?: MixRequests;
}

/** A run ends with this thread's part, or early with the first error when nothing ever answered. */
export type LoadEnd = { readonly ok: true; readonly part: EnginePart } | { readonly ok: false; readonly unanswered: string };

type Socket = net.Socket | tls.TLSSocket;

export class SocketLoad {
  private readonly histogram = new LatencyHistogram();
  private readonly conns: Connection[] = [];
  private completed = 0;
  private failed = 0;
  private non2xx = 0;
  private bytes = 0;
  private firstError: string | undefined;
  private began = 0;
  private lastResponseAt = 0;
  private active = 0;
  private stopping = false;
  private ended = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly kinds: KindTally[] | undefined;

  constructor(
    readonly options: SocketLoadOptions,
    private readonly onEnd: (end: LoadEnd) => void,
  ) {
    this.kinds = options.mix?.requests.map(() => new KindTally());
  }

  start(): void {
    this.began = performance.now();
    this.lastResponseAt = this.began;
    const { durationMs, requestTimeoutMs } = this.options;
    if (durationMs !== undefined) this.timers.push(setTimeout(() => this.finish(), durationMs));
    this.timers.push(setInterval(() => this.sweep(), Math.min(1000, Math.max(50, requestTimeoutMs / 4))));
    this.active = this.options.connections;
    for (let i = 0; i < this.options.connections; i++) {
      const conn = new Connection(this);
      this.conns.push(conn);
      conn.next();
    }
  }

  /** Ends the run now: every socket closed, requests in flight dropped. */
  stop(): void {
    this.stopping = true;
    this.ended = true;
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.conns) c.close();
  }

  /** The kind of the next request (0 without a mix), or -1 for none. A ticket's number picks the kind, so all threads follow the schedule. */
  claim(): number {
    if (this.stopping) return -1;
    const { requests, shared, mix } = this.options;
    if (requests === undefined && mix === undefined) return 0;
    const ticket = Atomics.add(shared, SHARED_TICKETS, 1);
    if (requests !== undefined && ticket >= requests) return -1;
    return mix === undefined ? 0 : (mix.schedule[ticket % mix.schedule.length] as number);
  }

  recordResponse(status: number, bytes: number, sentAt: number, kind = 0): void {
    this.kinds?.[kind]?.response(status, performance.now() - sentAt);
    const now = performance.now();
    this.lastResponseAt = now;
    this.completed++;
    Atomics.add(this.options.shared, SHARED_COMPLETED, 1);
    this.bytes += bytes;
    if (status < 200 || status > 299) this.non2xx++;
    this.histogram.record(now - sentAt);
  }

  recordError(reason: string, kind = 0): void {
    this.kinds?.[kind]?.error();
    this.failed++;
    this.firstError ??= reason;
    const { shared } = this.options;
    Atomics.add(shared, SHARED_ERRORS, 1);
    if (this.failed >= REFUSED_AFTER && Atomics.load(shared, SHARED_COMPLETED) === 0) {
      this.stop();
      this.onEnd({ ok: false, unanswered: this.firstError });
    }
  }

  retired(): void {
    if (--this.active === 0) this.finish();
  }

  private sweep(): void {
    const limit = performance.now() - this.options.requestTimeoutMs;
    for (const c of this.conns) c.expireIfSentBefore(limit, this.options.requestTimeoutMs);
  }

  private finish(): void {
    if (this.ended) return;
    this.stop();
    this.onEnd({
      ok: true,
      part: {
        completed: this.completed,
        failed: this.failed,
        non2xx: this.non2xx,
        bytes: this.bytes,
        seconds: (this.lastResponseAt - this.began) / 1000,
        histogram: this.histogram.toData(),
        ...(this.firstError !== undefined && { firstError: this.firstError }),
        ...(this.kinds !== undefined && { kinds: this.kinds.map((k) => k.toPart()) }),
      },
    });
  }
}

/** One connection slot: at most one socket and one request in flight at a time. */
class Connection {
  /** Each kind's bytes (one without a mix). */
  private readonly bytes: Buffer[];
  private readonly heads: boolean[];
  private socket: Socket | undefined;
  private sentAt = 0;
  private kind = 0;
  private inFlight = false;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly load: SocketLoad) {
    // A Buffer view once, rather than a conversion of the Uint8Array on every write.
    const requests = load.options.mix?.requests ?? [load.options.request];
    this.bytes = requests.map(({ bytes }) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.heads = requests.map((r) => r.head);
  }

  next(): void {
    if (this.closed) return;
    const kind = this.load.claim();
    if (kind < 0) {
      this.closed = true;
      this.drop();
      this.load.retired();
      return;
    }
    this.kind = kind;
    this.sentAt = performance.now();
    this.inFlight = true;
    (this.socket ?? this.open()).write(this.bytes[kind] as Buffer);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.inFlight = false;
    this.socket?.destroy();
    this.socket = undefined;
  }

  expireIfSentBefore(limit: number, timeoutMs: number): void {
    if (this.inFlight && this.sentAt < limit) this.failed(`no response within ${timeoutMs / 1000} s`, true);
  }

  private open(): Socket {
    const { host, port, tls: secure } = this.load.options.request;
    const { ca, insecure } = this.load.options;
    // Read as each response starts: in a mix a HEAD request may follow a GET on one connection.
    const current = (): boolean => this.heads[this.kind] === true;
    const parser = new HttpResponseParser((status, bytes, close) => this.response(socket, status, bytes, close), {
      get headRequests() {
        return current();
      },
    });
    let connected = false;
    const onBytes = (data: Uint8Array, length: number): void => {
      const error = parser.feed(data, length);
      if (error !== undefined && socket === this.socket) this.failed(error, connected);
    };
    // Plain sockets read into one reused buffer, straight to the parser, with no stream in between.
    const socket: Socket = secure
      ? tls.connect({
          host, port, servername: net.isIP(host) === 0 ? host : undefined, ALPNProtocols: ['http/1.1'],
          ...(ca !== undefined && { ca }), ...(insecure === true && { rejectUnauthorized: false }),
        })
      : net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: (n, buffer) => (onBytes(buffer, n), true) } });
    if (secure) {
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => onBytes(chunk, chunk.length));
    }
    socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
    socket.on('end', () => {
      if (socket !== this.socket) return;
      const error = parser.end();
      if (error !== undefined || this.inFlight) this.failed(error ?? 'the server closed the connection before answering', connected);
    });
    socket.on('error', (error: Error) => {
      if (socket === this.socket) this.failed(error.message, connected);
    });
    socket.on('close', () => {
      if (socket === this.socket) this.failed('the connection closed', connected);
    });
    this.socket = socket;
    return socket;
  }

  private response(socket: Socket, status: number, bytes: number, close: boolean): void {
    if (socket !== this.socket) return;
    if (!this.inFlight) {
      this.failed('the server answered a request that was not sent', true);
      return;
    }
    this.inFlight = false;
    this.load.recordResponse(status, bytes, this.sentAt, this.kind);
    if (close) {
      // The server closes: leave the close to it (so the TIME_WAIT is on its side), start afresh.
      this.socket = undefined;
      socket.setTimeout(LINGER_MS, () => socket.destroy());
    }
    this.next();
  }

  /** The request in flight (if any) failed; the socket is dropped and the next request goes on a new one. */
  private failed(reason: string, connected: boolean): void {
    this.drop();
    if (this.closed) return;
    if (this.inFlight) {
      this.inFlight = false;
      this.load.recordError(reason, this.kind);
      if (this.closed) return;
    }
    if (connected) this.next();
    else this.retry = setTimeout(() => this.next(), RECONNECT_DELAY_MS);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }
}
