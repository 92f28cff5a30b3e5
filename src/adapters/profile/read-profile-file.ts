import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseProfile, type ParseProfileResult } from '../../core/profile/parse-profile.js';

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

function readFailure(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'EISDIR':
      return 'is a directory, not a profile file';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}

/** Reads and checks one profile file; a missing or unreadable file is an error value too. */
export async function readProfileFile(file: string, ctx: FileContext): Promise<ParseProfileResult> {
  const absolute = path.resolve(ctx.cwd, file);
  const shown = displayPath(absolute, ctx);
  let text: string;
  try {
    const bytes = await readFile(absolute);
    if (bytes.length > MAX_BYTES) {
      return { ok: false, errors: [{ file: shown, path: '', message: `is ${bytes.length} bytes; a profile is at most ${MAX_BYTES}` }] };
    }
    text = bytes.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, errors: [{ file: shown, path: '', message: readFailure(code) }] };
  }
  return parseProfile(text, absolute, ctx.homeDir, { displayFile: shown });
}
