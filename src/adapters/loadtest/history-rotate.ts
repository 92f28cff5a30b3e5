import { createReadStream } from 'node:fs';
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { archiveName, archivesOf, lineStartAt, rotationCut, type RotationLimits } from '../../core/loadtest/history-rotation.js';

/**
 * Moves the older runs of a history file that has grown past its limit to an archive beside it.
 * The caller holds the history's lock (no append runs meanwhile). The steps, each one safe to be
 * killed after:
 *   1. the newest runs are copied to a temp file in the same directory and fsynced;
 *   2. the live file is hard-linked under the archive's name (both names, one file);
 *   3. the temp file is renamed over the live name (readers see the old file or the new one);
 *   4. the archive is cut to the older runs and fsynced.
 * Killed after 2, the next rotation finds the archive still sharing the live file and drops that
 * name; killed after 3, the newest runs are in both files for a while, and readers of the archive
 * keep each run once (by id). No run is ever only in a file about to be replaced.
 */

export interface Rotated {
  readonly archive: string;
  readonly runs: number;
}

const TEMP_MARK = '.rotating-';

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Leftovers of a rotation that was killed: temp files, and an archive name still linked to the live file. */
async function cleanUp(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const entries = await readdir(dir);
  const live = await stat(file).catch(() => undefined);
  for (const name of entries) {
    const full = path.join(dir, name);
    if (name.startsWith(`${base}${TEMP_MARK}`)) await unlink(full).catch(() => undefined);
  }
  if (live === undefined) return;
  for (const name of archivesOf(base, entries)) {
    const info = await stat(path.join(dir, name)).catch(() => undefined);
    if (info !== undefined && info.ino === live.ino && info.dev === live.dev) await unlink(path.join(dir, name));
  }
}

/** The first whole line at or after `cut`; the file's size when no line starts there. */
async function splitAt(file: string, cut: number, size: number): Promise<number> {
  if (cut === 0) return 0;
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    for (let from = cut; from < size; from += chunk.length - 1) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, from - 1);
      const at = lineStartAt(from, chunk.subarray(0, bytesRead));
      if (at !== undefined) return at;
      if (bytesRead < chunk.length) break;
    }
    return size;
  } finally {
    await handle.close();
  }
}

async function copyRange(from: string, to: string, start: number, end: number): Promise<void> {
  const source = await open(from, 'r');
  try {
    const target = await open(to, 'wx', 0o600);
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      for (let at = start; at < end; ) {
        const { bytesRead } = await source.read(chunk, 0, Math.min(chunk.length, end - at), at);
        if (bytesRead === 0) throw new Error(`${from} ended at byte ${at} while being copied (expected ${end})`);
        let written = 0;
        while (written < bytesRead) written += (await target.write(chunk, written, bytesRead - written)).bytesWritten;
        at += bytesRead;
      }
      await target.sync();
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function linkArchive(file: string, now: Date): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const archive = path.join(path.dirname(file), archiveName(path.basename(file), now, attempt));
    try {
      await link(file, archive);
      return archive;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

async function cutArchive(archive: string, length: number): Promise<void> {
  const handle = await open(archive, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whole lines (runs, and any broken line) in the first `length` bytes. */
async function countLines(file: string, length: number): Promise<number> {
  if (length === 0) return 0;
  let lines = 0;
  let previous = 0x0a;
  for await (const chunk of createReadStream(file, { start: 0, end: length - 1 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === 0x0a && previous !== 0x0a) lines++;
      previous = byte;
    }
  }
  return lines;
}

/** Rotates `file` when it is past the limit; undefined when it was not due. The caller holds the lock. */
export async function rotateIfDue(file: string, limits: RotationLimits, now: Date): Promise<Rotated | undefined> {
  await cleanUp(file);
  const { size } = await stat(file);
  const cut = rotationCut(size, limits);
  if (cut === undefined) return undefined;
  const split = await splitAt(file, cut, size);
  if (split === 0) return undefined;
  const temp = `${file}${TEMP_MARK}${process.pid}`;
  await copyRange(file, temp, split, size);
  const archive = await linkArchive(file, now);
  await rename(temp, file);
  await syncDir(path.dirname(file));
  await cutArchive(archive, split);
  return { archive, runs: await countLines(archive, split) };
}
