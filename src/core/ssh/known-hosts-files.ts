import { createHash } from 'node:crypto';
import type { Result } from '../result.js';

/**
 * Which known_hosts files OpenSSH reads for a host: UserKnownHostsFile and GlobalKnownHostsFile,
 * as `ssh -G` prints them or as ~/.ssh/config gives them (then ~ and %-tokens are still to expand).
 */

export const DEFAULT_USER_KNOWN_HOSTS_FILES = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'] as const;
export const DEFAULT_GLOBAL_KNOWN_HOSTS_FILES = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'] as const;

/**
 * The same list as `ssh -G` prints it: OpenSSH 9.2 joins the files with one blank and quotes none,
 * so `/a b/kh /c` could be one file or three. Blank-separated words that together name an existing
 * file are that file (longest first); the other words are files of their own, as OpenSSH would
 * have read them had they been written unquoted.
 */
export function parseSshGFileList(value: string, exists: (file: string) => boolean): string[] {
  const words = value.trim().split(' ').filter((w, i, all) => w !== '' || (i > 0 && i < all.length - 1));
  if (words[0] === 'none') return [];
  const files: string[] = [];
  for (let i = 0; i < words.length; ) {
    let end = i + 1;
    for (let j = words.length; j > i + 1; j--) {
      if (exists(words.slice(i, j).join(' '))) {
        end = j;
        break;
      }
    }
    const file = words.slice(i, end).join(' ');
    if (file !== '') files.push(file);
    i = end;
  }
  return files;
}

/** What OpenSSH substitutes for the tokens UserKnownHostsFile accepts. */
export interface KnownHostsTokens {
  /** %d: the local home directory (also what ~ stands for). */
  readonly homeDir: string;
  /** %u: the local user name. */
  readonly localUser: string;
  /** %l: the local host name (%L is its first label). */
  readonly localHost: string;
  /** %i: the local user id. */
  readonly uid: number;
  /** %n: the host as given (the profile's address). */
  readonly originalHost: string;
  /** %h: the host after HostName. */
  readonly host: string;
  /** %p */
  readonly port: number;
  /** %r: the remote user. */
  readonly remoteUser: string;
  /** %k: HostKeyAlias, else the host as given. */
  readonly hostKeyAlias?: string;
}

/** `~` or `~/…` at the start becomes the home directory (`~user` is left alone). */
export function expandTilde(file: string, homeDir: string): string {
  if (file === '~') return homeDir;
  return file.startsWith('~/') ? `${homeDir.replace(/\/$/, '')}/${file.slice(2)}` : file;
}

/** %C: OpenSSH's SHA-1 of %l%h%p%r, in hex. */
export function connectionHash(t: KnownHostsTokens): string {
  return createHash('sha1').update(`${t.localHost}${t.host}${t.port}${t.remoteUser}`).digest('hex');
}

/** ~ then the %-tokens, as OpenSSH 9.2 expands a UserKnownHostsFile path; an unknown token is refused, as ssh does. */
export function expandKnownHostsPath(file: string, t: KnownHostsTokens): Result<string> {
  const values: Readonly<Record<string, () => string>> = {
    '%': () => '%',
    C: () => connectionHash(t),
    d: () => t.homeDir,
    h: () => t.host,
    i: () => String(t.uid),
    k: () => t.hostKeyAlias ?? t.originalHost,
    L: () => t.localHost.split('.')[0] ?? t.localHost,
    l: () => t.localHost,
    n: () => t.originalHost,
    p: () => String(t.port),
    r: () => t.remoteUser,
    u: () => t.localUser,
  };
  const tilded = expandTilde(file, t.homeDir);
  let out = '';
  for (let i = 0; i < tilded.length; i++) {
    const c = tilded[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const token = tilded[i + 1];
    const value = token === undefined ? undefined : values[token];
    if (value === undefined) return { ok: false, reason: `${file}: unknown token %${token ?? ''}` };
    out += value();
    i++;
  }
  return { ok: true, value: out };
}

/**
 * `ssh -G` expands ~ to the account's home from the password database; picon's ~ is $HOME.
 * Where they differ, a path under the account's home is read under $HOME instead.
 */
export function rehome(file: string, sshHome: string | undefined, homeDir: string): string {
  if (sshHome === undefined || sshHome === '' || sshHome === homeDir) return file;
  const base = sshHome.replace(/\/$/, '');
  if (file === base) return homeDir;
  return file.startsWith(`${base}/`) ? `${homeDir.replace(/\/$/, '')}${file.slice(base.length)}` : file;
}

/** The files for a host, unique, in order: the profile's own, then UserKnownHostsFile, then GlobalKnownHostsFile. */
export function knownHostsFileOrder(own: readonly string[], user: readonly string[], global: readonly string[]): string[] {
  return [...new Set([...own, ...user, ...global])];
}
