import path from 'node:path';
import { parseProfile, type ParseProfileResult } from '../../core/profile/parse-profile.js';
import { readRegularFile } from '../files/read-regular-file.js';

/** Profiles are small; anything bigger is not one. */
const MAX_BYTES = 1024 * 1024;

export interface FileContext {
  readonly cwd: string;
  readonly homeDir: string;
}

/** How a file is named in messages: relative to the working directory, under ~, or absolute. */
export function displayPath(file: string, ctx: FileContext): string {
  const fromCwd = path.relative(ctx.cwd, file);
  if (fromCwd !== '' && !fromCwd.startsWith('..') && !path.isAbsolute(fromCwd)) return fromCwd;
  const fromHome = path.relative(ctx.homeDir, file);
  if (fromHome !== '' && !fromHome.startsWith('..') && !path.isAbsolute(fromHome)) return `~/${fromHome}`;
  return file;
}

/** Reads and checks one profile file; a missing or unreadable file is an error value too. */
export async function readProfileFile(file: string, ctx: FileContext): Promise<ParseProfileResult> {
  const absolute = path.resolve(ctx.cwd, file);
  const shown = displayPath(absolute, ctx);
  const read = await readRegularFile(absolute, MAX_BYTES, 'a profile file');
  if (!read.ok) return { ok: false, errors: [{ file: shown, path: '', message: read.reason }] };
  return parseProfile(read.bytes.toString('utf8'), absolute, ctx.homeDir, { displayFile: shown });
}
