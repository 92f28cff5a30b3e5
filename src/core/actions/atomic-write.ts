import { createHash } from 'node:crypto';
import { shellQuote, type RemoteCommand } from '../remote/shell-quote.js';

/**
 * Replacing a file on a node so that a kill at any moment leaves the old file or the new one,
 * never a third: one remote `sh` script (through `sudo -n` where the login user cannot write)
 * reads a first line `SIZE SHA256` from stdin, writes the rest to a `mktemp` file beside the
 * target, checks that every byte arrived, gives it the old file's owner and mode, fsyncs it, runs `haproxy -c` on it if asked,
 * links the old file as a backup, and renames the new one over it (rename(2) in one directory is
 * atomic). Temp files left by a killed run and backups past the newest `keepBackups` are removed
 * — only names of exactly picon's own patterns. GNU coreutils (Debian, Raspberry Pi OS) assumed.
 */

export interface AtomicWrite {
  /** The file replaced: a real path, not a symlink (the rename would replace the link). */
  readonly file: string;
  /** Owner and mode come from `file`, or from this file while `file` does not exist yet. */
  readonly reference: string;
  /** Run `haproxy -c -f TEMP` before the rename; on failure the old file was never touched. */
  readonly check: boolean;
  /** Where the old file is kept (hard link, else `cp -p`), made just before the rename. */
  readonly backup?: string;
  readonly keepBackups: number;
  readonly sudo: boolean;
}

/** How many `FILE.picon-*.bak` are kept beside haproxy.cfg, the newest. */
export const KEEP_BACKUPS = 5;

/** The program name the script runs under (`ps` shows it); also the tag of its output lines. */
const NAME = 'picon-write';

const D = '[0-9]';
const STAMP_SECONDS = `${D.repeat(8)}T${D.repeat(6)}`;
/** Backup names picon made: FILE.picon-20250101T120000Z.bak (old) and …T120000.123Z.bak. */
const BACKUP_NAMES = `${STAMP_SECONDS}Z.bak|${STAMP_SECONDS}.${D.repeat(3)}Z.bak`;
const TEMP_NAME = `${'[A-Za-z0-9]'.repeat(6)}.tmp`;

const SCRIPT = [
  'set -u',
  'export LC_ALL=C PATH="$PATH:/usr/sbin:/usr/local/sbin"',
  'f=$(readlink -f -- "$1") || exit 20',
  'ref=$2 check=$3 bak=$4 keep=$5',
  'say() { printf "%s %s\\n" "$1" "$2"; }',
  `for t in "$f".picon-${TEMP_NAME}; do if [ -f "$t" ] && rm -f -- "$t"; then say ${NAME}-removed-temp "$t"; fi; done`,
  'tmp=$(mktemp -- "$f.picon-XXXXXX.tmp") || exit 20',
  'trap \'rm -f -- "$tmp"\' EXIT',
  "trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 141' PIPE",
  `say ${NAME}-temp "$tmp"`,
  'read -r size sum || { echo "no size line on stdin" >&2; exit 22; }',
  'cat >"$tmp" || exit 21',
  'got=$(wc -c <"$tmp") || exit 21',
  '[ "$got" -eq "$size" ] || { echo "received $got of $size bytes" >&2; exit 22; }',
  'got=$(sha256sum <"$tmp") || exit 22',
  '[ "${got%% *}" = "$sum" ] || { echo "the bytes received differ from those sent (sha256)" >&2; exit 22; }',
  'src=$f; [ -e "$f" ] || src=$ref',
  'chown --reference="$src" -- "$tmp" && chmod --reference="$src" -- "$tmp" || exit 23',
  'sync -- "$tmp" || exit 24',
  'if [ "$check" = 1 ]; then haproxy -c -f "$tmp" >&2 || exit 30; fi',
  'if [ -n "$bak" ]; then ln -f -- "$f" "$bak" 2>/dev/null || cp -p -- "$f" "$bak" || exit 40; fi',
  'mv -f -T -- "$tmp" "$f" || exit 50',
  'trap - EXIT',
  'sync -- "$(dirname -- "$f")" || echo "could not fsync the directory of $f" >&2',
  '[ -n "$bak" ] || exit 0',
  `ours() { case \${1#"$f".picon-} in ${BACKUP_NAMES}) return 0;; esac; return 1; }`,
  `n=0; for b in "$f".picon-${D}*Z.bak; do if ours "$b"; then n=$((n+1)); fi; done`,
  `for b in "$f".picon-${D}*Z.bak; do [ "$n" -gt "$keep" ] || break; if ours "$b" && rm -f -- "$b"; then say ${NAME}-pruned-backup "$b"; n=$((n-1)); fi; done`,
  'exit 0',
].join('\n');

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the script is given on stdin: the size and sha256 of the text, then the text. */
export function atomicWriteStdin(content: string): string {
  return `${Buffer.byteLength(content, 'utf8')} ${sha256(content)}\n${content}`;
}

/** The command is the same whatever the text (a dry run prints it before the text is known). */
export function atomicWriteCommand(write: AtomicWrite): RemoteCommand {
  const args = [
    write.file,
    write.reference,
    write.check ? '1' : '0',
    write.backup ?? '',
    String(write.keepBackups),
  ];
  const text = ['sh', '-c', shellQuote(SCRIPT), NAME, ...args.map(shellQuote)].join(' ');
  return { text: write.sudo ? `sudo -n ${text}` : text };
}

/** What the script said it did, from its tagged stdout lines. */
export interface AtomicWriteReport {
  readonly temp?: string;
  /** Temp files of an interrupted earlier run, removed. */
  readonly removedTemps: readonly string[];
  /** Backups past the newest `keepBackups`, removed. */
  readonly prunedBackups: readonly string[];
}

export function parseAtomicWriteOutput(stdout: string): AtomicWriteReport {
  const removedTemps: string[] = [];
  const prunedBackups: string[] = [];
  let temp: string | undefined;
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    const [tag, value] = [line.slice(0, space), line.slice(space + 1)];
    if (tag === `${NAME}-temp`) temp = value;
    else if (tag === `${NAME}-removed-temp`) removedTemps.push(value);
    else if (tag === `${NAME}-pruned-backup`) prunedBackups.push(value);
  }
  return { ...(temp !== undefined && { temp }), removedTemps, prunedBackups };
}

/** Why the script stopped, from its exit code; the file itself is unchanged in every case. */
export function atomicWriteFailure(code: number | null, file: string): string {
  switch (code) {
    case 20:
      return `could not make a temp file beside ${file}`;
    case 21:
    case 22:
      return `the new ${file} did not arrive whole`;
    case 23:
      return `could not give the new file ${file}'s owner and mode`;
    case 24:
      return 'could not fsync the new file';
    case 30:
      return 'haproxy -c rejected the edited config';
    case 40:
      return `could not back up ${file}`;
    case 50:
      return `could not rename the new file over ${file}`;
    default:
      return code === null ? 'the write was interrupted' : `the write failed (exit ${code})`;
  }
}
