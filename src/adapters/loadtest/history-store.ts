import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { appendLine } from '../files/append-line.js';
import { dataDir } from '../files/data-dir.js';
import { acquireLock } from '../files/file-lock.js';
import { ensurePrivateDir, tightenedNote } from '../files/private-dir.js';
import { archivedNote, archivesOf, firstSeen, ROTATION, type RotationLimits } from '../../core/loadtest/history-rotation.js';
import { formatHistoryLine, type History, type RunRecord } from '../../core/loadtest/run-record.js';
import { parseHistoryEntries, parseHistoryEntry } from '../../core/study/history-entries.js';
import type { StudyEntry } from '../../core/study/study-entry.js';
import { rotateIfDue } from './history-rotate.js';
import type { LineProblem } from '../../core/line-problem.js';

/**
 * The run history: JSON lines in the data dir. Each run is one write of one whole line to a file
 * opened O_APPEND, under the history's lock (bench-history.jsonl.lock), so a rotation never runs
 * while a run is being saved; a crash can at worst leave an unfinished last line, never damage
 * the runs before it, and the reader skips (and reports) such a line. Past 8 MiB the older runs
 * move to an archive beside it (history-rotate.ts); readers take the live file, or everything.
 */

export const HISTORY_FILE = 'bench-history.jsonl';

export function historyFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), HISTORY_FILE);
}

export const lockFileOf = (file: string): string => `${file}.lock`;

export interface SaveOptions {
  /** Told one line per thing worth saying: runs archived, the data dir tightened to 0700, a rotation that failed. */
  readonly onNote?: (line: string) => void;
  readonly limits?: RotationLimits;
  readonly now?: () => Date;
  readonly lockTimeoutMs?: number;
}

/** A run whose record could not be written: one line naming the file and why. */
export function notSavedLine(file: string, why: string): string {
  return `the run was not saved in ${file} (${why})`;
}

/** Saves a run (throws with one line when it cannot); rotates the file when it has grown past the limit. */
export async function appendRun(file: string, record: RunRecord, options: SaveOptions = {}): Promise<void> {
  await appendEntry(file, record.id, 'run', formatHistoryLine(record), options);
}

/** Saves a study as one line holding its runs, as a run is saved. */
export async function appendStudy(file: string, entry: StudyEntry, options: SaveOptions = {}): Promise<void> {
  await appendEntry(file, entry.id, 'study', `${JSON.stringify(entry)}\n`, options);
}

async function appendEntry(file: string, id: string, what: 'run' | 'study', line: string, options: SaveOptions): Promise<void> {
  const dir = path.dirname(file);
  const tightened = tightenedNote(dir, await ensurePrivateDir(dir));
  if (tightened !== undefined) options.onNote?.(tightened);
  const lock = await acquireLock(lockFileOf(file), `saving ${what} ${id}`, options.lockTimeoutMs);
  if (!lock.ok) throw new Error(lock.reason);
  try {
    await appendLine(file, line);
    try {
      const rotated = await rotateIfDue(file, options.limits ?? ROTATION, (options.now ?? (() => new Date()))());
      if (rotated !== undefined) options.onNote?.(archivedNote(rotated.runs, rotated.archive));
    } catch (error) {
      options.onNote?.(`the ${what} is saved, but older runs could not be archived: ${(error as Error).message}`);
    }
  } finally {
    await lock.release();
  }
}

export interface LiveHistory extends History {
  /** The studies among the runs (`picon study`), oldest first. */
  readonly studies: readonly StudyEntry[];
  /** Bytes at the start of the file that were not read (a file never rotated, larger than the read limit). */
  readonly unreadBytes: number;
}

/**
 * The live file's runs, oldest first; a missing file is an empty history. At most the last
 * `readTailBytes` are read (from the first whole line there), so a huge old file costs no more
 * than a rotated one.
 */
export async function readHistory(file: string, limits: RotationLimits = ROTATION): Promise<LiveHistory> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], studies: [], broken: [], unreadBytes: 0 };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - limits.readTailBytes);
    const buffer = Buffer.alloc(size - start);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    let from = 0;
    if (start > 0) {
      const newline = buffer.subarray(0, filled).indexOf(0x0a);
      from = newline < 0 ? filled : newline + 1;
    }
    const text = buffer.subarray(from, filled).toString('utf8');
    const unreadBytes = start + from;
    return { ...parseHistoryEntries(text), unreadBytes };
  } finally {
    await handle.close();
  }
}

/** The archives beside `file`, oldest first (full paths). */
export async function historyArchives(file: string): Promise<string[]> {
  const entries = await readdir(path.dirname(file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return archivesOf(path.basename(file), entries).map((name) => path.join(path.dirname(file), name));
}

export interface ScanCallbacks {
  readonly onRecord: (record: RunRecord) => void;
  readonly onStudy?: (entry: StudyEntry) => void;
  readonly onBroken?: (file: string, broken: LineProblem) => void;
}

/** Every run, archives first then the live file, streamed line by line (never a whole file in memory); a run in two files is given once. */
export async function scanAllHistory(file: string, callbacks: ScanCallbacks): Promise<void> {
  const fresh = firstSeen();
  for (const each of [...(await historyArchives(file)), file]) {
    let handle;
    try {
      handle = await open(each, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const stream = handle.createReadStream({ encoding: 'utf8' });
    let number = 0;
    let pending: { line: string; number: number } | undefined;
    const settle = (last: boolean): void => {
      if (pending === undefined) return;
      const parsed = parseHistoryEntry(pending.line, last);
      if (parsed.ok) {
        const entry = parsed.value;
        if (entry.kind === 'run' && fresh(entry.record.id)) callbacks.onRecord(entry.record);
        if (entry.kind === 'study' && fresh(entry.entry.id)) callbacks.onStudy?.(entry.entry);
      } else callbacks.onBroken?.(each, { line: pending.number, reason: parsed.reason });
      pending = undefined;
    };
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      number++;
      settle(false);
      if (line.trim() !== '') pending = { line, number };
    }
    settle(true);
    await handle.close().catch(() => undefined);
  }
}
