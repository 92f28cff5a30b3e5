import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { byteSize } from '../../core/present/byte-size.js';

/**
 * Reads a file a user named (a profile, a key, a known_hosts file) only if it is a regular file,
 * and at most `maxBytes` of it. The open is non-blocking, so a FIFO cannot hang it; the kind is
 * taken from the open descriptor (no window between a check and the read); the cap is enforced
 * while reading, so /dev/zero or a file that keeps growing is refused after maxBytes + 1 bytes.
 */

export type ReadRefusal = 'missing' | 'denied' | 'not-a-file' | 'too-big' | 'error';

// Not a Result: a failure says which refusal (not regular, too big, missing) beside its reason.
export type RegularFileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly refusal: ReadRefusal; readonly reason: string };

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function failure(error: unknown, noun: string): RegularFileRead {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, refusal: 'missing', reason: 'does not exist' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, refusal: 'denied', reason: 'cannot be read (permission denied)' };
    case 'ENXIO':
      // What opening a Unix socket (or a FIFO with no writer, for writing) gives.
      return { ok: false, refusal: 'not-a-file', reason: `is a socket, not ${noun}` };
    case 'ELOOP':
      return { ok: false, refusal: 'error', reason: 'cannot be read (too many symbolic links)' };
    default:
      return { ok: false, refusal: 'error', reason: `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})` };
  }
}

function notRegular(stats: Stats, noun: string): RegularFileRead {
  return { ok: false, refusal: 'not-a-file', reason: `is ${kindOf(stats)}, not ${noun}` };
}

function tooBig(size: number | undefined, maxBytes: number, noun: string): RegularFileRead {
  const got = size === undefined ? `is over ${byteSize(maxBytes)}` : `is ${size} bytes`;
  return { ok: false, refusal: 'too-big', reason: `${got}; ${noun} is at most ${byteSize(maxBytes)}` };
}

/** `noun` says what the file should have been: "a profile file", "a key file". */
export async function readRegularFile(file: string, maxBytes: number, noun: string): Promise<RegularFileRead> {
  let handle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    return failure(error, noun);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return notRegular(stats, noun);
    if (stats.size > maxBytes) return tooBig(stats.size, maxBytes, noun);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return tooBig(undefined, maxBytes, noun);
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return failure(error, noun);
  } finally {
    await handle.close();
  }
}

/** The same, synchronously (ssh2's host-key callback cannot wait for a promise). */
export function readRegularFileSync(file: string, maxBytes: number, noun: string): RegularFileRead {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    return failure(error, noun);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return notRegular(stats, noun);
    if (stats.size > maxBytes) return tooBig(stats.size, maxBytes, noun);
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stats.size + 1, 64 * 1024)));
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      length += bytesRead;
      if (length > maxBytes) return tooBig(undefined, maxBytes, noun);
    }
    return { ok: true, bytes: Buffer.concat(chunks, length) };
  } catch (error) {
    return failure(error, noun);
  } finally {
    closeSync(fd);
  }
}
