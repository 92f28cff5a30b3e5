import type { StatVfs } from './disk.js';
import { excerpt, toCount } from './parsed.js';
import { failure, type Result, success } from '../result.js';

/**
 * `df -Pk PATH` in the C locale: the POSIX format (one header, one line per file system, never
 * wrapped; sizes in 1024-byte blocks). It stands in for statvfs where the node has no SFTP, as
 * the statvfs fields df computes its columns from: Used = blocks − free, Available = bavail.
 */
const HEADER = /^Filesystem\s+1024-blocks\s+Used\s+Available\s+Capacity\s+Mounted on\s*$/;
/** From the right: the device name may hold spaces, the mount point starts with '/'. */
const ROW = /\s(\d+)\s+(\d+)\s+(\d+)\s+(?:\d+%|-)\s+(\/.*)$/;

export function parseDfPosix(text: string): Result<StatVfs> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const [header, row, ...rest] = lines;
  if (header === undefined || !HEADER.test(header)) return failure(`df: expected the POSIX header "Filesystem 1024-blocks …", got ${excerpt(text)}`);
  if (row === undefined) return failure('df: no file system line after the header');
  if (rest.length > 0) return failure(`df: ${rest.length + 1} file system lines, expected one`);
  const match = ROW.exec(row);
  const [blocks, used, available] = [toCount(match?.[1]), toCount(match?.[2]), toCount(match?.[3])];
  if (blocks === undefined || used === undefined || available === undefined) return failure(`df: bad file system line ${excerpt(row)}`);
  if (used > blocks) return failure(`df: ${used} blocks used of ${blocks}`);
  return success({ f_bsize: 1024, f_frsize: 1024, f_blocks: blocks, f_bfree: blocks - used, f_bavail: available });
}
