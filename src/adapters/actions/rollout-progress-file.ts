import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parseProgress, type RolloutProgress } from '../../core/rollout/rollout-progress.js';
import type { Result } from '../../core/result.js';
import { dataDir } from '../files/data-dir.js';
import { fileErrorWords } from '../files/file-error.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../files/private-dir.js';

/**
 * Where a rollout's progress is kept between steps: `rollout-<profile>.json` in the data dir,
 * replaced whole each time (a temp file beside it, fsynced, renamed over it, the directory
 * fsynced), so a picon killed at any moment leaves the last progress or the one before, never a
 * part of either.
 */

export interface ProgressStore {
  readonly file: string;
  read(): Promise<Result<RolloutProgress | undefined>>;
  write(progress: RolloutProgress): Promise<Result<void>>;
}

export function progressFile(env: NodeJS.ProcessEnv, profile: string): string {
  return path.join(dataDir(env), `rollout-${profile}.json`);
}

export function progressStore(file: string): ProgressStore {
  return {
    file,
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: undefined };
        return { ok: false, reason: `cannot read ${file} (${fileErrorWords(error)})` };
      }
      return parseProgress(text, file);
    },
    async write(progress) {
      const dir = path.dirname(file);
      const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
      try {
        await ensurePrivateDir(dir);
        const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
        try {
          await handle.writeFile(`${JSON.stringify(progress, null, 2)}\n`);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
        const d = await open(dir, 'r');
        try {
          await d.sync();
        } finally {
          await d.close();
        }
        return { ok: true, value: undefined };
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        return { ok: false, reason: `cannot save the rollout's progress in ${file} (${fileErrorWords(error)})` };
      }
    },
  };
}
