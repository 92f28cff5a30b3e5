import { open, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { failure, success, type Result } from '../../core/result.js';
import type { ReportFile } from '../../core/study/study-report-files.js';
import { fileErrorWords } from '../files/file-error.js';

/**
 * `--report DIR`: checked before the study runs (a study is minutes; a refusal after them would
 * waste them), written after it. Each file is written whole — to a hidden temp file beside it,
 * fsynced, then renamed over its name — and report.md last, so a picon killed at any point leaves
 * either no report.md or a whole one whose charts are already there.
 */

const tempName = (name: string): string => `.${name}.picon-tmp-${process.pid}`;

/** The directory a report may be written to: absent (made when written), empty, or anything with --force. */
export async function checkReportDir(dir: string, force: boolean): Promise<Result<string>> {
  const where = path.resolve(dir);
  let isDir: boolean;
  try {
    isDir = (await stat(where)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return success(where);
    return failure(`--report ${dir}: ${fileErrorWords(error)}`);
  }
  if (!isDir) return failure(`--report ${dir}: is not a directory`);
  let entries: string[];
  try {
    entries = await readdir(where);
  } catch (error) {
    return failure(`--report ${dir}: ${fileErrorWords(error)}`);
  }
  if (entries.length > 0 && !force) {
    const some = entries.sort().slice(0, 3).join(', ');
    return failure(`--report ${dir}: the directory is not empty (${entries.length} file${entries.length === 1 ? '' : 's'}: ${some}${entries.length > 3 ? ', …' : ''}); give a new or empty directory, or --force to write the report into it`);
  }
  return success(where);
}

async function writeWhole(dir: string, file: ReportFile): Promise<void> {
  const temp = path.join(dir, tempName(file.name));
  try {
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(file.content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path.join(dir, file.name));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes the files in order (put report.md last); the paths written, or one line naming the file that failed. */
export async function writeReportFiles(dir: string, files: readonly ReportFile[]): Promise<Result<string[]>> {
  const where = path.resolve(dir);
  try {
    await mkdir(where, { recursive: true });
  } catch (error) {
    return failure(`--report ${dir}: could not make the directory: ${fileErrorWords(error)}`);
  }
  const written: string[] = [];
  for (const file of files) {
    try {
      await writeWhole(where, file);
      written.push(path.join(where, file.name));
    } catch (error) {
      return failure(`--report ${dir}: could not write ${file.name}: ${fileErrorWords(error)}`);
    }
  }
  await syncDir(where).catch(() => undefined);
  return success(written);
}
