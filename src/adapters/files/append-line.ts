import { open } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-dir.js';

/**
 * Appends one whole line (the audit log, the load-test history) as a single write to a file opened
 * O_APPEND, so concurrent picons never interleave inside a line and a crash can at worst leave an
 * unfinished last line — which the next append starts after, on a fresh line.
 */
export async function appendLine(file: string, text: string): Promise<void> {
  await ensurePrivateDir(path.dirname(file));
  let line = Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8');
  const handle = await open(file, 'a+', PRIVATE_FILE_MODE);
  try {
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) line = Buffer.concat([Buffer.from('\n'), line]);
    }
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${line.length} bytes`);
  } finally {
    await handle.close();
  }
}
