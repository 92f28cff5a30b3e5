import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { byteSize } from '../../core/present/byte-size.js';
import { readRegularFileSync } from '../files/read-regular-file.js';
import os from 'node:os';
import path from 'node:path';
import {
  parseKnownHosts,
  type KnownHostsEntry,
  type KnownHostsProblem,
} from '../../core/ssh/known-hosts.js';
import {
  DEFAULT_GLOBAL_KNOWN_HOSTS_FILES,
  DEFAULT_USER_KNOWN_HOSTS_FILES,
  expandTilde,
  knownHostsFileOrder,
} from '../../core/ssh/known-hosts-files.js';
import { failure, success, type Result } from '../../core/result.js';

/**
 * Reading and appending known_hosts files. Reads are synchronous: the files are small and
 * ssh2's host verifier must answer with a plain callback, never a promise.
 */

export interface UnreadableFile {
  readonly file: string;
  readonly reason: string;
}

export interface LoadedKnownHosts {
  readonly entries: readonly KnownHostsEntry[];
  /** Malformed lines, skipped. */
  readonly problems: readonly KnownHostsProblem[];
  /** Files that exist but could not be read (a missing file is just empty). */
  readonly unreadable: readonly UnreadableFile[];
}

export function homeDirectory(env: NodeJS.ProcessEnv): string {
  const home = env['HOME'];
  return home !== undefined && home !== '' ? home : os.homedir();
}

/** A node's UserKnownHostsFile and GlobalKnownHostsFile (from its connection settings). */
export interface KnownHostsSettings {
  readonly userKnownHostsFiles?: readonly string[];
  readonly globalKnownHostsFiles?: readonly string[];
}

/** UserKnownHostsFile for a node: ~/.ssh/config's, else OpenSSH's default under $HOME. */
export function userKnownHostsFiles(settings: KnownHostsSettings | undefined, env: NodeJS.ProcessEnv): readonly string[] {
  return settings?.userKnownHostsFiles ?? DEFAULT_USER_KNOWN_HOSTS_FILES.map((f) => expandTilde(f, homeDirectory(env)));
}

/**
 * Every file a node's host key is checked against, like OpenSSH: the profile's own file, then
 * the node's UserKnownHostsFile list, then its GlobalKnownHostsFile list (missing files are empty).
 */
export function knownHostsFilesFor(
  profile: { readonly knownHostsFiles: readonly string[] },
  settings: KnownHostsSettings | undefined,
  env: NodeJS.ProcessEnv,
): string[] {
  return knownHostsFileOrder(
    profile.knownHostsFiles,
    userKnownHostsFiles(settings, env),
    settings?.globalKnownHostsFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS_FILES,
  );
}

/**
 * Where `picon trust` appends: the profile's own file if it names one, else the node's first
 * UserKnownHostsFile; undefined when that is `none`.
 */
export function trustTargetFile(
  profile: { readonly knownHostsFiles: readonly string[] },
  settings: KnownHostsSettings | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  return profile.knownHostsFiles[0] ?? userKnownHostsFiles(settings, env)[0];
}

function errorReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? (error instanceof Error ? error.message : String(error));
}

/** Far more than any real known_hosts (some 40,000 hosts); a bigger one is refused, not read into memory at every handshake. */
const MAX_KNOWN_HOSTS_BYTES = 16 * 1024 * 1024;

export function readKnownHostsFiles(files: readonly string[]): LoadedKnownHosts {
  const entries: KnownHostsEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const file of files) {
    const read = readRegularFileSync(file, MAX_KNOWN_HOSTS_BYTES, 'a known_hosts file');
    if (!read.ok) {
      if (read.refusal !== 'missing') unreadable.push({ file, reason: read.reason });
      continue;
    }
    const parsed = parseKnownHosts(read.bytes.toString('utf8'), file);
    entries.push(...parsed.entries);
    problems.push(...parsed.problems);
  }
  return { entries, problems, unreadable };
}

export type AppendResult = Result<number>;

/**
 * Appends one line (creating the directory 0700 and the file 0600 when missing), first ending
 * an unterminated last line. Returns the new line's number.
 */
export function appendKnownHostsLine(file: string, line: string): AppendResult {
  if (line.includes('\n') || line.includes('\r')) throw new Error('a known_hosts line cannot contain a line break');
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(file, 'a+', 0o600);
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) return failure(`cannot write ${file}: not a regular file`);
      if (stats.size > MAX_KNOWN_HOSTS_BYTES) return failure(`cannot write ${file}: it is over ${byteSize(MAX_KNOWN_HOSTS_BYTES)}`);
      const size = stats.size;
      if (size === 0) fchmodSync(fd, 0o600);
      const existing = size === 0 ? '' : readFileSync(file, 'utf8');
      const needsBreak = existing !== '' && !existing.endsWith('\n');
      writeSync(fd, `${needsBreak ? '\n' : ''}${line}\n`);
      const before = existing === '' ? 0 : existing.split('\n').length - (needsBreak ? 0 : 1);
      return success(before + 1);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return failure(`cannot write ${file}: ${errorReason(error)}`);
  }
}
