import { sftpRemoteFiles, type SftpCalls } from '../../src/adapters/ssh/sftp-remote-files.js';
import type { RemoteCommand } from '../../src/core/remote/shell-quote.js';
import {
  fail,
  ok,
  type ExecResult,
  type NodeTransport,
  type Outcome,
} from '../../src/core/ports/node-transport.js';
import { fixture } from './health-fixtures.js';

type Content = string | (() => string) | { error: number; message: string };

/**
 * A node for prober tests: an SFTP session serving files from a table (like /proc, each read at
 * offset 0 produces the file afresh) and an exec that answers from a handler.
 */
export class FakeNode {
  readonly files = new Map<string, Content>();
  readonly log: string[] = [];
  readonly commands: string[] = [];
  statvfsInfo: unknown = { f_bsize: 4096, f_frsize: 4096, f_blocks: 1000, f_bfree: 600, f_bavail: 550 };
  /** Largest read the server answers (real servers may answer less than asked). */
  maxRead = 1 << 20;
  readDelayMs = 0;
  sftpError: string | undefined;
  execHandler: (command: string) => ExecResult | Outcome<ExecResult> = () => ({ code: 127, signal: null, stdout: '', stderr: 'not found' });
  openHandles = 0;
  private readsInFlight = 0;
  maxReadsInFlight = 0;
  private nextHandle = 1;
  private readonly handles = new Map<string, { path: string; snapshot: Buffer }>();

  constructor(readonly name = 'node1') {}

  /** Files from the health fixtures: { '/proc/stat': 'pi/zero-stat.1', … }. */
  serve(table: Record<string, string>): this {
    for (const [path, name] of Object.entries(table)) this.files.set(path, fixture(name));
    return this;
  }

  /** The SFTP session the transport's files() serve from (a test may replace a call). */
  readonly sftp = {
    open: (path: string, _flags: string, cb: (err: Error | undefined, handle: Buffer) => void) => {
      this.log.push(`open ${path}`);
      const content = this.files.get(path);
      if (content === undefined) return setImmediate(() => cb(Object.assign(new Error('No such file'), { code: 2 }), Buffer.alloc(0)));
      const id = String(this.nextHandle++);
      this.handles.set(id, { path, snapshot: Buffer.alloc(0) });
      this.openHandles += 1;
      setImmediate(() => cb(undefined, Buffer.from(id)));
    },
    read: (handle: Buffer, buf: Buffer, off: number, len: number, position: number,
      cb: (err: Error | undefined, bytesRead: number, buffer: Buffer, position: number) => void) => {
      const h = this.handles.get(handle.toString());
      this.log.push(`read ${h?.path ?? '?'} @${position}`);
      this.readsInFlight += 1;
      this.maxReadsInFlight = Math.max(this.maxReadsInFlight, this.readsInFlight);
      setTimeout(() => {
        this.readsInFlight -= 1;
        if (h === undefined) return cb(Object.assign(new Error('Invalid handle'), { code: 4 }), 0, buf, position);
        const content = this.files.get(h.path);
        if (typeof content === 'object') return cb(Object.assign(new Error(content.message), { code: content.error }), 0, buf, position);
        if (position === 0) h.snapshot = Buffer.from(typeof content === 'function' ? content() : content ?? '', 'latin1');
        const n = h.snapshot.copy(buf, off, position, position + Math.min(len, this.maxRead));
        cb(undefined, n, buf.subarray(off, off + n), position);
      }, this.readDelayMs);
    },
    close: (handle: Buffer, cb: (err?: Error) => void) => {
      this.log.push(`close ${this.handles.get(handle.toString())?.path ?? '?'}`);
      if (this.handles.delete(handle.toString())) this.openHandles -= 1;
      setImmediate(() => cb());
    },
    ext_openssh_statvfs: (path: string, cb: (err: Error | undefined, info: unknown) => void) => {
      this.log.push(`statvfs ${path}`);
      setImmediate(() => cb(undefined, this.statvfsInfo));
    },
  };

  private readonly remoteFiles = sftpRemoteFiles(this.sftp as unknown as SftpCalls);

  readonly transport: NodeTransport = {
    node: 'fake',
    status: () => ({ state: 'up', since: 0, attempts: 0 }),
    ready: async () => ok(undefined),
    exec: async (command: RemoteCommand): Promise<Outcome<ExecResult>> => {
      this.commands.push(command.text);
      const result = this.execHandler(command.text);
      return 'ok' in result ? result : ok(result);
    },
    openUnixSocket: async () => fail('channel', 'not in this fake'),
    files: async () => (this.sftpError === undefined ? ok(this.remoteFiles) : fail('closed', this.sftpError)),
    onStatusChange: () => () => undefined,
    close: () => undefined,
  };

  /** Log entries since the last call. */
  takeLog(): string[] {
    return this.log.splice(0);
  }
}

/** What a shell prints for a commandBatch whose commands printed `outputs` and exited with `codes`. */
export function batchOutput(results: readonly (readonly [string, number])[]): ExecResult {
  return {
    code: 0,
    signal: null,
    stdout: results.map(([out, code]) => `${out}\npicon-exit-status:${code}\n`).join(''),
    stderr: '',
  };
}
