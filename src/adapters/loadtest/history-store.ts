import { mkdir, open, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatHistoryLine, parseHistory, type History, type RunRecord } from '../../core/loadtest/run-record.js';

/**
 * The run history: JSON lines in the data dir. Each run is one write of one whole line to a file
 * opened O_APPEND, so a crash can at worst leave an unfinished last line, never damage the runs
 * before it; the reader skips (and reports) such a line.
 */

export const HISTORY_FILE = 'bench-history.jsonl';

/** `$PICON_DATA_DIR`, else `$XDG_DATA_HOME/picon`, else `~/.local/share/picon`. */
export function dataDir(env: NodeJS.ProcessEnv): string {
  const own = env['PICON_DATA_DIR'];
  if (own !== undefined && own !== '') return path.resolve(own);
  const xdg = env['XDG_DATA_HOME'];
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'picon');
  return path.join(env['HOME'] ?? os.homedir(), '.local', 'share', 'picon');
}

export function historyFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), HISTORY_FILE);
}

export async function appendRun(file: string, record: RunRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const line = Buffer.from(formatHistoryLine(record), 'utf8');
  const handle = await open(file, 'a', 0o600);
  try {
    // An unfinished line left by a crash would swallow this one: start on a fresh line.
    const { size } = await handle.stat();
    let prefix = Buffer.alloc(0);
    if (size > 0) {
      const last = Buffer.alloc(1);
      const before = await open(file, 'r');
      try {
        await before.read(last, 0, 1, size - 1);
      } finally {
        await before.close();
      }
      if (last[0] !== 0x0a) prefix = Buffer.from('\n');
    }
    const whole = Buffer.concat([prefix, line]);
    const { bytesWritten } = await handle.write(whole, 0, whole.length);
    if (bytesWritten !== whole.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${whole.length} bytes`);
  } finally {
    await handle.close();
  }
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
