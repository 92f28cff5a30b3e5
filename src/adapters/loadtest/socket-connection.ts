import net from 'node:net';
import tls from 'node:tls';
import { HttpResponseParser } from '../../core/loadtest/http-response-parser.js';
import type { SendSchedule } from '../../core/loadtest/send-schedule.js';
import type { SocketLoadOptions } from './socket-load.js';

/** A connection that could not connect waits this long before it tries again. */
const RECONNECT_DELAY_MS = 10;
/** Every plain socket of a thread reads into this: the parser keeps nothing of what it is given. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** After a response that closes the connection, the server's own close is awaited this long. */
const LINGER_MS = 2000;

type Socket = net.Socket | tls.TLSSocket;

/** What a connection asks of the thread's run (SocketLoad). */
export interface ConnectionOwner {
  readonly options: SocketLoadOptions;
  /** The kind of the next request (0 without a mix), or -1 for none. */
  claim(): number;
  dueAt(schedule: SendSchedule, k: number): number | undefined;
  countSent(): void;
  recordResponse(status: number, bytes: number, from: number, kind: number): void;
  recordError(reason: string, kind: number): void;
  retired(): void;
}

/** One connection slot of a built-in engine thread: at most one socket and one request in flight at a time. */
export class Connection {
  /** Each kind's bytes (one without a mix). */
  private readonly bytes: Buffer[];
  private readonly heads: boolean[];
  /** Read by every parser of this slot as a response ends: the request in flight is a HEAD. */
  private readonly parsing = { headRequests: false };
  private kind = 0;
  private socket: Socket | undefined;
  private sentAt = 0;
  /** Where the request in flight's latency counts from: sentAt, or its due time on a fixed-rate run. */
  private from = 0;
  private inFlight = false;
  private retry: NodeJS.Timeout | undefined;
  /** A fixed-rate connection waiting for its next request's due time. */
  private wait: NodeJS.Timeout | undefined;
  private sends = 0;
  private closed = false;

  constructor(
    private readonly load: ConnectionOwner,
    private readonly schedule: SendSchedule | undefined,
  ) {
    // A Buffer view once, rather than a conversion of the Uint8Array on every write.
    const requests = load.options.mix?.requests ?? [load.options.request];
    this.bytes = requests.map(({ bytes }) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.heads = requests.map((r) => r.head);
  }

  next(): void {
    if (this.closed) return;
    const kind = this.load.claim();
    if (kind < 0) return this.retire();
    this.kind = kind;
    if (this.schedule === undefined) return this.send(-1);
    const due = this.load.dueAt(this.schedule, this.sends++);
    if (due === undefined) return this.retire();
    const early = due - performance.now();
    // Node's timers have 1 ms steps: within a millisecond of its time, a request goes now.
    if (early >= 1) this.wait = setTimeout(() => ((this.wait = undefined), this.send(due)), early);
    else this.send(due);
  }

  /** A timed fixed-rate run is over: a connection waiting to send retires now. */
  retireIfWaiting(): void {
    if (this.wait === undefined) return;
    clearTimeout(this.wait);
    this.wait = undefined;
    this.retire();
  }

  /** `due`: a fixed-rate request's due time; -1 on a closed-loop run. */
  private send(due: number): void {
    if (this.closed) return;
    const now = performance.now();
    this.sentAt = now;
    this.from = due >= 0 && due < now ? due : now;
    this.inFlight = true;
    this.parsing.headRequests = this.heads[this.kind] === true;
    this.load.countSent();
    (this.socket ?? this.open()).write(this.bytes[this.kind] as Buffer);
  }

  private retire(): void {
    this.closed = true;
    this.drop();
    this.load.retired();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    clearTimeout(this.wait);
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
    // In a mix a HEAD request may follow a GET on one connection: send() sets `parsing` for each.
    const parser = new HttpResponseParser((status, bytes, close) => this.response(socket, status, bytes, close), this.parsing);
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
    this.load.recordResponse(status, bytes, this.from, this.kind);
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
