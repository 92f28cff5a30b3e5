/**
 * When the load-test history's live file is rotated, and what the archives are called. Pure.
 *
 * The live file (bench-history.jsonl) holds the newest runs and stays small, so `bench history`,
 * `compare` and the console read it fast; past `rotateAtBytes` the runs before the last
 * `keepBytes` move to an archive beside it, named by the time of the rotation. Nothing is dropped.
 */

export interface RotationLimits {
  /** Rotate once the live file is larger than this. */
  readonly rotateAtBytes: number;
  /** About this much of the newest runs stays in the live file (whole lines). */
  readonly keepBytes: number;
  /** Readers take at most this much of the live file's end (a file never rotated may be huge). */
  readonly readTailBytes: number;
}

export const ROTATION: RotationLimits = {
  rotateAtBytes: 8 * 1024 * 1024,
  keepBytes: 4 * 1024 * 1024,
  readTailBytes: 16 * 1024 * 1024,
};

/** Where to look for the first line that stays live; undefined when the file is not due. */
export function rotationCut(size: number, limits: RotationLimits = ROTATION): number | undefined {
  if (size <= limits.rotateAtBytes) return undefined;
  return Math.max(0, size - limits.keepBytes);
}

/** The offset of the first whole line at or after `from`, given the bytes read from `from - 1` on. */
export function lineStartAt(from: number, bytesFromBefore: Uint8Array): number | undefined {
  if (from === 0) return 0;
  const newline = bytesFromBefore.indexOf(0x0a);
  return newline < 0 ? undefined : from - 1 + newline + 1;
}

const STAMP = /^\d{8}-\d{6}(?:-\d+)?$/;

/** `bench-history.jsonl` → `bench-history-20261206-101500.jsonl` (UTC), `-2`, `-3`… when taken. */
export function archiveName(liveName: string, at: Date, attempt = 1): string {
  const iso = at.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}${attempt > 1 ? `-${attempt}` : ''}`;
  const dot = liveName.lastIndexOf('.');
  return dot > 0 ? `${liveName.slice(0, dot)}-${stamp}${liveName.slice(dot)}` : `${liveName}-${stamp}`;
}

/** The archives of `liveName` among a directory's entries, oldest first. */
export function archivesOf(liveName: string, entries: readonly string[]): string[] {
  const dot = liveName.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [liveName.slice(0, dot), liveName.slice(dot)] : [liveName, ''];
  const stampOf = (name: string): string | undefined => {
    if (!name.startsWith(`${stem}-`) || !name.endsWith(ext)) return undefined;
    const stamp = name.slice(stem.length + 1, name.length - ext.length);
    return STAMP.test(stamp) ? stamp : undefined;
  };
  const key = (stamp: string): [string, number] => {
    const [date, time, n] = stamp.split('-');
    return [`${date}-${time}`, Number(n ?? 1)];
  };
  return entries
    .filter((name) => stampOf(name) !== undefined)
    .sort((a, b) => {
      const [ka, na] = key(stampOf(a) as string);
      const [kb, nb] = key(stampOf(b) as string);
      return ka < kb ? -1 : ka > kb ? 1 : na - nb;
    });
}

/** The one line the command that rotated prints. */
export function archivedNote(runs: number, archive: string): string {
  return `archived ${runs.toLocaleString('en-US')} older run${runs === 1 ? '' : 's'} to ${archive} (\`picon bench history --all\` reads them)`;
}

/** Runs seen twice (a rotation interrupted between its steps leaves a copy in both files) are kept once, the first. */
export function firstSeen(): (id: string) => boolean {
  const seen = new Set<string>();
  return (id) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
}
