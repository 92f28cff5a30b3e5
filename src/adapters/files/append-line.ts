import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-dir.js';

/**
 * Appends one whole line (the audit log, the load-test history) as a single write to a file opened
 * O_APPEND, so concurrent picons never interleave inside a line and a crash can at worst leave an
 * unfinished last line — which the next append starts after, on a fresh line. The line is on disk
 * (fsync) when the promise resolves, and so is the file's name when this append created it.
 */
export async function appendLine(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const madeDir = (await ensurePrivateDir(dir)).made;
  let line = Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8');
  const { handle, created } = await openForAppend(file);
  try {
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) line = Buffer.concat([Buffer.from('\n'), line]);
    }
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${line.length} bytes`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDir(dir);
  // mkdir made directories: each one's name is in its parent, which must reach the disk too.
  if (madeDir !== undefined) {
    for (let d = dir; d !== path.dirname(madeDir) && d !== path.dirname(d); d = path.dirname(d)) await syncDir(path.dirname(d));
  }
}

const APPEND = constants.O_RDWR | constants.O_APPEND;

/** Opens an existing file, else creates it (0600): whether it was created decides whether its directory is synced. */
async function openForAppend(file: string): Promise<{ handle: FileHandle; created: boolean }> {
  try {
    return { handle: await open(file, APPEND), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { handle: await open(file, APPEND | constants.O_CREAT, PRIVATE_FILE_MODE), created: true };
}

async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, constants.O_RDONLY);
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot sync a directory (EINVAL); the data itself was synced.
  } finally {
    await handle.close();
  }
}
