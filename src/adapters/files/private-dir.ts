import { chmodSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';

/**
 * picon's own directories (the data dir, the config dir) are 0700 whatever the umask: mkdir's mode
 * is masked by the umask, which only ever removes bits, so 0700 stays 0700 on creation; a directory
 * that already exists with group or other bits (made by an older picon under umask 000, or by
 * hand) is tightened to 0700 when it is ours — it holds run records and settings, nobody else's.
 * One that belongs to someone else is left as it is.
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateDirResult {
  /** The mode it had when picon tightened it to 0700; undefined when nothing was changed. */
  readonly tightenedFrom?: number;
  /** The first directory mkdir had to create (the rest of the path existed); undefined when it all existed. */
  readonly made?: string;
}

function needsTightening(info: Stats): boolean {
  const mine = typeof process.getuid !== 'function' || info.uid === process.getuid();
  return info.isDirectory() && mine && (info.mode & 0o077) !== 0;
}

export async function ensurePrivateDir(dir: string): Promise<PrivateDirResult> {
  const made = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const info = await stat(dir);
  if (!needsTightening(info)) return made === undefined ? {} : { made };
  await chmod(dir, PRIVATE_DIR_MODE);
  return { tightenedFrom: info.mode & 0o777, ...(made !== undefined && { made }) };
}

export function ensurePrivateDirSync(dir: string): PrivateDirResult {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const info = statSync(dir);
  if (!needsTightening(info)) return {};
  chmodSync(dir, PRIVATE_DIR_MODE);
  return { tightenedFrom: info.mode & 0o777 };
}

export function tightenedNote(dir: string, result: PrivateDirResult): string | undefined {
  return result.tightenedFrom === undefined ? undefined : `${dir} was mode ${result.tightenedFrom.toString(8).padStart(4, '0')}; made it 0700 (only you can read it)`;
}
