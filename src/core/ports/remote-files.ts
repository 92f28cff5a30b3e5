/**
 * A node's files read in place, by handle: what the health prober needs to read /proc and /sys
 * without starting a process on the node (the SSH adapter serves it over SFTP,
 * adapters/ssh/sftp-remote-files.ts). A handle stays open until closed: reading it again from
 * position 0 reads the file afresh.
 */

export interface RemoteFileError {
  /** 'missing': no such file; 'denied': permission denied; 'unsupported': the server lacks the request. */
  readonly kind: 'missing' | 'denied' | 'unsupported' | 'failed';
  /** The server's own words. */
  readonly message: string;
}

export type FileOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RemoteFileError };

/** Opaque: only the RemoteFiles that opened it knows what it holds. */
export type RemoteFileHandle = Uint8Array;

export interface RemoteFiles {
  open(path: string): Promise<FileOutcome<RemoteFileHandle>>;
  /** Reads at most `into.length` bytes at `position` into `into`; 0 bytes: the end. */
  read(handle: RemoteFileHandle, into: Uint8Array, position: number): Promise<FileOutcome<number>>;
  close(handle: RemoteFileHandle): void;
  /** The file system's statvfs record (read by core/health/disk.ts). */
  fileSystemStats(path: string): Promise<FileOutcome<unknown>>;
}
