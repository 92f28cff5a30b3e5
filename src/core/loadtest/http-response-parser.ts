/**
 * An incremental HTTP/1.x response parser for the built-in load-test engine: feed it the bytes of
 * one connection as they arrive, in chunks of any size, and it reports each complete response
 * (status, size, whether the server closes). It reads only what a load generator needs: the status
 * line, Content-Length, Transfer-Encoding (chunked) and Connection. Header values other than those
 * are skipped without being decoded.
 */

import { concat, digits, lastToken, lower, nameIs, quote, statusOf, text, trimmed } from './http-bytes.js';

/** Called once per complete final response (1xx interim responses are skipped). */
export type OnResponse = (status: number, bytes: number, close: boolean) => void;

export interface ResponseParserOptions {
  /** The requests are HEAD: a response has no body whatever its headers say. */
  readonly headRequests?: boolean;
}

/** A response head over this is refused (nginx's default large_client_header_buffers is 32 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_DATA_END = 4;
const TRAILERS = 5;
const UNTIL_CLOSE = 6;

const LF = 10;
const CR = 13;
const EMPTY = new Uint8Array(0);

const CONTENT_LENGTH = lower('content-length');
const CONNECTION = lower('connection');
const TRANSFER_ENCODING = lower('transfer-encoding');
const CLOSE = lower('close');
const KEEP_ALIVE = lower('keep-alive');
const CHUNKED = lower('chunked');

export class HttpResponseParser {
  private state = HEAD;
  private carry: Uint8Array = EMPTY;
  private failure: string | undefined;
  // The response being read.
  private bytes = 0;
  private lines = 0;
  private status = 0;
  private http10 = false;
  private contentLength = -1;
  private chunked = false;
  private otherCoding = false;
  private closeToken = false;
  private keepAliveToken = false;
  private remaining = 0;

  constructor(
    private readonly onResponse: OnResponse,
    private readonly options: ResponseParserOptions = {},
  ) {}

  /** The reason the stream is not HTTP, once it has failed; then it stays failed. */
  get error(): string | undefined {
    return this.failure;
  }

  /** True between responses: nothing of a next response has arrived yet. */
  get idle(): boolean {
    return this.failure === undefined && this.state === HEAD && this.bytes === 0;
  }

  /**
   * Reads the next bytes, data[0, length) (a reused read buffer may be longer); returns the
   * reason when they are not a valid response stream. Keeps no reference to `data`.
   */
  feed(data: Uint8Array, length = data.length): string | undefined {
    let pos = 0;
    while (pos < length && this.failure === undefined) {
      const state = this.state;
      if (state === LENGTH || state === CHUNK_DATA) {
        const take = Math.min(this.remaining, length - pos);
        pos += take;
        this.bytes += take;
        this.remaining -= take;
        if (this.remaining === 0) {
          if (state === LENGTH) this.complete();
          else this.state = CHUNK_DATA_END;
        }
        continue;
      }
      if (state === UNTIL_CLOSE) {
        this.bytes += length - pos;
        break;
      }
      let lf = data.indexOf(LF, pos);
      if (lf >= length) lf = -1;
      const end = lf === -1 ? length : lf + 1;
      this.bytes += end - pos;
      if (state === HEAD && this.bytes > MAX_HEAD_BYTES) return this.fail(`the response head is over ${MAX_HEAD_BYTES / 1024} KiB`);
      if (state !== HEAD && this.carry.length + end - pos > 1024) return this.fail('a chunk-size or trailer line is over 1 KiB');
      if (lf === -1) {
        this.carry = concat(this.carry, data.subarray(pos, length));
        break;
      }
      let line = data;
      let start = pos;
      let stop = lf;
      if (this.carry.length > 0) {
        line = concat(this.carry, data.subarray(pos, lf));
        start = 0;
        stop = line.length;
        this.carry = EMPTY;
      }
      pos = end;
      if (stop > start && line[stop - 1] === CR) stop--;
      const reason = this.line(line, start, stop);
      if (reason !== undefined) return this.fail(reason);
    }
    return this.failure;
  }

  /**
   * The connection ended. A body that runs until the close is complete now; anything else half
   * read is an error (returned). A close between responses is fine.
   */
  end(): string | undefined {
    if (this.failure !== undefined) return this.failure;
    if (this.state === UNTIL_CLOSE) {
      this.complete();
      return undefined;
    }
    if (this.state === HEAD && this.bytes === 0) return undefined;
    return this.fail(`the connection closed in the middle of a response (${this.bytes} bytes read)`);
  }

  private fail(reason: string): string {
    this.failure = reason;
    return reason;
  }

  private line(line: Uint8Array, start: number, stop: number): string | undefined {
    switch (this.state) {
      case HEAD:
        if (this.lines === 0) {
          if (stop === start) {
            // Tolerated before a status line (RFC 9112 §2.2).
            this.bytes = 0;
            return undefined;
          }
          this.lines = 1;
          return this.statusLine(line, start, stop);
        }
        this.lines++;
        return stop === start ? this.headEnd() : this.header(line, start, stop);
      case CHUNK_SIZE:
        return this.chunkSize(line, start, stop);
      case CHUNK_DATA_END:
        if (stop !== start) return `chunk data runs past its size (${quote(line, start, stop)})`;
        this.state = CHUNK_SIZE;
        return undefined;
      default:
        // Trailers: ignored, up to the empty line that ends the message.
        if (stop === start) this.complete();
        return undefined;
    }
  }

  private statusLine(line: Uint8Array, start: number, stop: number): string | undefined {
    const status = statusOf(line, start, stop);
    if (status === -1) return `not an HTTP/1.x response: ${quote(line, start, stop)}`;
    this.status = status;
    this.http10 = line[start + 7] === 0x30;
    return undefined;
  }

  private header(line: Uint8Array, start: number, stop: number): string | undefined {
    let colon = start;
    while (colon < stop && line[colon] !== 0x3a) colon++;
    if (colon === stop || colon === start) return `a header line without a name and colon: ${quote(line, start, stop)}`;
    const nameLength = colon - start;
    if (nameLength !== 10 && nameLength !== 14 && nameLength !== 17) return undefined;
    if (nameIs(line, start, nameLength, CONTENT_LENGTH)) {
      const n = digits(line, colon + 1, stop);
      if (n === -1) return `a bad Content-Length: ${JSON.stringify(text(line, colon + 1, stop).trim())}`;
      if (this.contentLength !== -1 && this.contentLength !== n) return `two different Content-Length headers (${this.contentLength}, ${n})`;
      this.contentLength = n;
    } else if (nameIs(line, start, nameLength, CONNECTION)) {
      for (let from = colon + 1; from < stop; ) {
        let to = from;
        while (to < stop && line[to] !== 0x2c) to++;
        const [a, b] = trimmed(line, from, to);
        if (nameIs(line, a, b - a, CLOSE)) this.closeToken = true;
        else if (nameIs(line, a, b - a, KEEP_ALIVE)) this.keepAliveToken = true;
        from = to + 1;
      }
    } else if (nameIs(line, start, nameLength, TRANSFER_ENCODING)) {
      // Only a final "chunked" frames the body; any other coding last means "until the close".
      const [a, b] = lastToken(line, colon + 1, stop);
      this.chunked = nameIs(line, a, b - a, CHUNKED);
      this.otherCoding = !this.chunked && b > a;
    }
    return undefined;
  }

  private headEnd(): string | undefined {
    const status = this.status;
    if (status === 101) return 'the server switched protocols (101), which a load test cannot follow';
    if (status < 200) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      this.resetHead();
      return undefined;
    }
    if (this.options.headRequests === true || status === 204 || status === 304) {
      this.complete();
    } else if (this.chunked) {
      this.state = CHUNK_SIZE;
    } else if (this.otherCoding || this.contentLength === -1) {
      this.state = UNTIL_CLOSE;
    } else if (this.contentLength === 0) {
      this.complete();
    } else {
      this.state = LENGTH;
      this.remaining = this.contentLength;
    }
    return undefined;
  }

  private chunkSize(line: Uint8Array, start: number, stop: number): string | undefined {
    let size = 0;
    let digits = 0;
    let i = start;
    for (; i < stop; i++) {
      const c = (line[i] as number) | 0x20;
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
      if (d === -1) break;
      size = size * 16 + d;
      digits++;
    }
    const rest = line[i];
    if (digits === 0 || digits > 12 || (i < stop && rest !== 0x3b && rest !== 0x20 && rest !== 0x09)) {
      return `a bad chunk size: ${quote(line, start, stop)}`;
    }
    if (size === 0) {
      this.state = TRAILERS;
    } else {
      this.state = CHUNK_DATA;
      this.remaining = size;
    }
    return undefined;
  }

  private complete(): void {
    const bytes = this.bytes;
    const close = this.state === UNTIL_CLOSE || this.closeToken || (this.http10 && !this.keepAliveToken);
    const status = this.status;
    this.bytes = 0;
    this.resetHead();
    this.onResponse(status, bytes, close);
  }

  private resetHead(): void {
    this.state = HEAD;
    this.lines = 0;
    this.contentLength = -1;
    this.chunked = false;
    this.otherCoding = false;
    this.closeToken = false;
    this.keepAliveToken = false;
    this.remaining = 0;
  }
}
