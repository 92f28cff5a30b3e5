import type { PreparedRequest } from '../../core/loadtest/http-request.js';
import { KindTally, type KindPart } from '../../core/loadtest/kind-tally.js';
import { LatencyTally, type HistogramData } from '../../core/loadtest/latency-tally.js';
import { dueAtMs, type SendSchedule } from '../../core/loadtest/send-schedule.js';
import { Connection, type ConnectionOwner } from './socket-connection.js';

/**
 * One thread's share of a built-in load-test run: `connections` keep-alive (or one-shot)
 * connections, each with one request in flight, sending the same prepared bytes again as soon as
 * a response is complete — or, on a fixed-rate run, when the schedule says (send-schedule.ts), the
 * latency then counted from that time. Threads share an Int32Array of counters: request tickets (so a -n run
 * sends exactly n requests, however the threads race), responses and errors (read for progress).
 */

export const SHARED_TICKETS = 0;
export const SHARED_COMPLETED = 1;
export const SHARED_ERRORS = 2;
export const SHARED_SLOTS = 3;

/** Give up early when the target answers nothing: this many errors before any first response. */
export const REFUSED_AFTER = 20;

/** What one thread measured. */
export interface EnginePart {
  readonly completed: number;
  /** Requests written to a socket. */
  readonly sent: number;
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
  /** A fixed-rate run: the run's rate, all connections together, and this thread's first connection's place among them. */
  readonly rate?: { readonly perSecond: number; readonly firstConnection: number; readonly connections: number };
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

export class SocketLoad implements ConnectionOwner {
  private readonly histogram = new LatencyTally();
  private readonly conns: Connection[] = [];
  private completed = 0;
  private sent = 0;
  private failed = 0;
  private non2xx = 0;
  private bytes = 0;
  private firstError: string | undefined;
  private began = 0;
  private lastResponseAt = 0;
  private active = 0;
  private stopping = false;
  /** A timed fixed-rate run's time is up: no more sends, the responses in flight are awaited. */
  private sendingOver = false;
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
    const timeUp = this.options.rate === undefined ? () => this.finish() : () => this.endSending();
    if (durationMs !== undefined) this.timers.push(setTimeout(timeUp, durationMs));
    this.timers.push(setInterval(() => this.sweep(), Math.min(1000, Math.max(50, requestTimeoutMs / 4))));
    this.active = this.options.connections;
    const { rate } = this.options;
    for (let i = 0; i < this.options.connections; i++) {
      const schedule = rate && { rate: rate.perSecond, connection: rate.firstConnection + i, connections: rate.connections };
      const conn = new Connection(this, schedule);
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
    if (this.stopping || this.sendingOver) return -1;
    const { requests, shared, mix } = this.options;
    if (requests === undefined && mix === undefined) return 0;
    const ticket = Atomics.add(shared, SHARED_TICKETS, 1);
    if (requests !== undefined && ticket >= requests) return -1;
    return mix === undefined ? 0 : (mix.schedule[ticket % mix.schedule.length] as number);
  }

  /** When a fixed-rate connection's k-th request is due (performance.now() time); undefined past a timed run's end. */
  dueAt(schedule: SendSchedule, k: number): number | undefined {
    const at = dueAtMs(schedule, k);
    const { durationMs } = this.options;
    return durationMs !== undefined && at >= durationMs ? undefined : this.began + at;
  }

  countSent(): void {
    this.sent++;
  }

  /** `from`: when the request was sent, or on a fixed-rate run when it was due, if that was earlier. */
  recordResponse(status: number, bytes: number, from: number, kind = 0): void {
    this.kinds?.[kind]?.response(status, performance.now() - from);
    const now = performance.now();
    this.lastResponseAt = now;
    this.completed++;
    Atomics.add(this.options.shared, SHARED_COMPLETED, 1);
    this.bytes += bytes;
    if (status < 200 || status > 299) this.non2xx++;
    this.histogram.record(now - from);
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

  private endSending(): void {
    this.sendingOver = true;
    for (const c of this.conns) c.retireIfWaiting();
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
        sent: this.sent,
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
