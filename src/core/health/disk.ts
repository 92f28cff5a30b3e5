import { excerpt } from './parsed.js';
import { failure, type Result, success } from '../result.js';

/** The statvfs fields picon uses, as ssh2 names them in its statvfs@openssh.com reply. */
export interface StatVfs {
  readonly f_bsize: number;
  readonly f_frsize: number;
  readonly f_blocks: number;
  readonly f_bfree: number;
  readonly f_bavail: number;
}

export interface DiskUsage {
  readonly totalBytes: number;
  readonly usedBytes: number;
  /** What an unprivileged user can still write (excludes root's reserve). */
  readonly availableBytes: number;
  /** used / (used + available), as `df` shows it. */
  readonly usedPercent: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function diskUsage(info: unknown): Result<DiskUsage> {
  const fs = (typeof info === 'object' && info !== null ? info : {}) as Partial<Record<keyof StatVfs, unknown>>;
  const { f_bsize: bsize, f_frsize: frsize, f_blocks: blocks, f_bfree: bfree, f_bavail: bavail } = fs;
  if (!isCount(bsize) || !isCount(frsize) || !isCount(blocks) || !isCount(bfree) || !isCount(bavail)) {
    return failure(`statvfs: missing or bad fields in ${excerpt(JSON.stringify(info) ?? String(info), 80)}`);
  }
  if (blocks === 0 || bfree > blocks || bavail > bfree) return failure(`statvfs: inconsistent block counts`);
  const unit = frsize > 0 ? frsize : bsize;
  const usedBlocks = blocks - bfree;
  const usable = usedBlocks + bavail;
  return success({
    totalBytes: blocks * unit,
    usedBytes: usedBlocks * unit,
    availableBytes: bavail * unit,
    usedPercent: usable === 0 ? 0 : (usedBlocks / usable) * 100,
  });
}
