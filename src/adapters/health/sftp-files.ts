import { readFailed, readMissing, readValue, type RawRead } from '../../core/health/metric.js';
import type { FileOutcome, RemoteFileError, RemoteFileHandle, RemoteFiles } from '../../core/ports/remote-files.js';
/** Every /proc and /sys file picon reads fits in one chunk on a Pi (and on most servers). */
const CHUNK = 16 * 1024;
const MAX_FILE_BYTES = 1024 * 1024;

/** Twice the file's last size, as a power of two from 512 bytes up to CHUNK. */
export function bufferSize(lastBytes: number): number {
  let size = 512;
  while (size < lastBytes * 2 && size < CHUNK) size *= 2;
  return size;
}

/** `pending` mapped by `map`, or `onTimeout` after `ms` (one promise and one timer per request, as polls make hundreds a second). */
function withTimeout<R, T>(ms: number, pending: Promise<R>, map: (result: R) => T, onTimeout: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), ms);
    void pending.then((result) => {
      clearTimeout(timer);
      resolve(map(result));
    });
  });
}

const isHandle = (h: RemoteFileHandle | RawRead<never>): h is RemoteFileHandle => h instanceof Uint8Array;

/**
 * Reads small remote files (/proc, /sys) over one file session (SFTP). /proc files report size 0, so
 * each read goes from offset 0 until a read returns nothing. Handles stay open between polls:
 * reading a /proc or /sys file again from offset 0 makes the kernel produce it afresh, so a
 * poll costs one or two READ requests per file instead of OPEN, READ, READ, CLOSE.
 */
export class SftpFiles {
  private readonly handles = new Map<string, Promise<RemoteFileHandle | RawRead<never>>>();
  /**
   * One read buffer per file, used poll after poll and sized to twice what the file held last
   * time: a fresh 16 KiB buffer per read was memory outside V8's heap (too big for Node's pool),
   * ~5 MB a second at 50 nodes, which the process held until a collection found it.
   */
  private readonly buffers = new Map<string, Buffer>();
  /** SFTP requests sent, for the cost benchmark. */
  requests = 0;
  /**
   * A /proc or /sys read returns all the file has up to the count asked for, so once this server
   * has shown that a short read is followed by the end, a short read is the end: one request per
   * file instead of two. A server that hands out files in pieces is always read to the end.
   */
  private shortReadEnds = false;
  private readsCapped = false;

  constructor(
    readonly session: RemoteFiles,
    private readonly node: string,
    private readonly timeoutMs: number,
  ) {}

  async read(path: string): Promise<RawRead> {
    const handle = await this.handle(path);
    if (!isHandle(handle)) return handle;
    const result = await this.readAll(path, handle);
    if (result.kind !== 'read') this.forget(path, handle);
    return result;
  }

  /** One read from offset 0 and close: for files read once (board model). */
  async readOnce(path: string): Promise<RawRead> {
    const result = await this.read(path);
    const handle = await this.handles.get(path);
    if (handle !== undefined && isHandle(handle)) this.forget(path, handle);
    return result;
  }

  statvfs(path: string): Promise<RawRead<unknown>> {
    this.requests += 1;
    const asRead = (r: FileOutcome<unknown>): RawRead<unknown> => {
      if (r.ok) return readValue(r.value);
      return r.error.kind === 'unsupported'
        ? readMissing(`${this.node}: the SFTP server has no statvfs extension`)
        : readFailed(`${this.node}: statvfs ${path}: ${r.error.message}`);
    };
    return withTimeout(this.timeoutMs, this.session.fileSystemStats(path), asRead, this.timedOut(`statvfs ${path}`));
  }

  /** Closes every kept handle (the session itself belongs to the transport). */
  close(): void {
    for (const [path, pending] of this.handles) {
      void pending.then((h) => isHandle(h) && this.forget(path, h));
    }
    this.handles.clear();
  }

  private handle(path: string): Promise<RemoteFileHandle | RawRead<never>> {
    let pending = this.handles.get(path);
    if (pending === undefined) {
      this.requests += 1;
      pending = withTimeout(this.timeoutMs, this.session.open(path), (r) => this.outcome(path, r), this.timedOut(`open ${path}`));
      this.handles.set(path, pending);
      void pending.then((h) => {
        if (!isHandle(h) && this.handles.get(path) === pending) this.handles.delete(path);
      });
    }
    return pending;
  }

  private async readAll(path: string, handle: RemoteFileHandle): Promise<RawRead> {
    // latin1: one byte, one character, so text cut between two chunks joins up unchanged.
    const chunks: string[] = [];
    let position = 0;
    let sawShort = false;
    const into = this.buffers.get(path) ?? Buffer.allocUnsafe(CHUNK);
    this.buffers.set(path, into);
    for (;;) {
      this.requests += 1;
      const bytesRead = await withTimeout(this.timeoutMs, this.session.read(handle, into, position), (r) => this.outcome(path, r), this.timedOut(`read ${path}`));
      if (typeof bytesRead !== 'number') {
        // A reply that comes after a timeout would still land in this buffer: the next read gets another.
        this.buffers.delete(path);
        return bytesRead;
      }
      const chunk = into.subarray(0, bytesRead);
      if (chunk.length === 0) break;
      chunks.push(chunk.toString('latin1'));
      position += chunk.length;
      if (position > MAX_FILE_BYTES) return readFailed(`${this.node}: ${path} is larger than ${MAX_FILE_BYTES} bytes`);
      if (sawShort) this.readsCapped = true;
      if (chunk.length < into.length) {
        if (this.shortReadEnds && !this.readsCapped) break;
        sawShort = true;
      }
    }
    if (sawShort && !this.readsCapped) this.shortReadEnds = true;
    const size = bufferSize(position);
    if (size !== into.length) this.buffers.set(path, Buffer.allocUnsafe(size));
    return readValue(chunks.join(''));
  }

  private forget(path: string, handle: RemoteFileHandle): void {
    this.handles.delete(path);
    this.buffers.delete(path);
    this.requests += 1;
    this.session.close(handle);
  }

  private outcome<T>(path: string, r: FileOutcome<T>): T | RawRead<never> {
    return r.ok ? r.value : this.failure(path, r.error);
  }

  private failure(path: string, error: RemoteFileError): RawRead<never> {
    if (error.kind === 'missing') return readMissing(`${this.node} has no ${path}`);
    if (error.kind === 'denied') return readMissing(`${this.node}: ${path}: permission denied`);
    return readFailed(`${this.node}: ${path}: ${error.message}`);
  }

  private timedOut(what: string): RawRead<never> {
    return readFailed(`${this.node}: ${what} timed out after ${this.timeoutMs} ms`);
  }
}
