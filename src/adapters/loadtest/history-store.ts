import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appendLine } from '../files/append-line.js';
import { dataDir } from '../files/data-dir.js';
import { formatHistoryLine, parseHistory, type History, type RunRecord } from '../../core/loadtest/run-record.js';

/**
 * The run history: JSON lines in the data dir. Each run is one write of one whole line to a file
 * opened O_APPEND, so a crash can at worst leave an unfinished last line, never damage the runs
 * before it; the reader skips (and reports) such a line.
 */

export const HISTORY_FILE = 'bench-history.jsonl';


export function historyFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), HISTORY_FILE);
}

export function appendRun(file: string, record: RunRecord): Promise<void> {
  return appendLine(file, formatHistoryLine(record));
}

/** A run whose record could not be written: one line naming the file and why. */
export function notSavedLine(file: string, why: string): string {
  return `the run was not saved in ${file} (${why})`;
}

/** The history, oldest first; a missing file is an empty history. */
export async function readHistory(file: string): Promise<History> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], broken: [] };
    throw error;
  }
  return parseHistory(text);
}
