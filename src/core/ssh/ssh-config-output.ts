import { expandTilde, parseSshGFileList, rehome } from './known-hosts-files.js';

/**
 * The settings picon takes from `ssh -G HOST` (OpenSSH's fully evaluated client config:
 * Include, Host and Match blocks already applied).
 */
export interface SshClientConfig {
  readonly hostname?: string;
  readonly user?: string;
  readonly port?: number;
  readonly identityFiles: readonly string[];
  /** ProxyJump as written (`none` is dropped). */
  readonly proxyJump?: string;
  /** UserKnownHostsFile, ~ and %-tokens expanded (`none`: empty). Absent: OpenSSH's default applies. */
  readonly userKnownHostsFiles?: readonly string[];
  /** GlobalKnownHostsFile (`none`: empty). Absent: OpenSSH's default applies. */
  readonly globalKnownHostsFiles?: readonly string[];
  readonly hostKeyAlias?: string;
}

/**
 * `sshHome` is the home `ssh -G` expanded ~ and %d to (the password database's); picon reads
 * files under it in $HOME (`homeDir`) instead, see rehome(). `exists` tells which of the ways to
 * split a known-hosts file list with blanks in it names real files (see parseSshGFileList).
 */
export function parseSshConfigOutput(
  text: string,
  homeDir: string,
  sshHome?: string,
  exists: (file: string) => boolean = () => false,
): SshClientConfig {
  const identityFiles: string[] = [];
  const single = new Map<string, string>();
  const expand = (p: string): string => expandTilde(p, homeDir);
  const localPath = (f: string): string => rehome(expand(f), sshHome, homeDir);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space).toLowerCase();
    const value = line.slice(space + 1).trim();
    if (key === 'identityfile') identityFiles.push(expand(value));
    else if (!single.has(key)) single.set(key, value);
  }
  const port = Number(single.get('port'));
  const proxyJump = single.get('proxyjump');
  const hostname = single.get('hostname');
  const user = single.get('user');
  const alias = single.get('hostkeyalias');
  const userFiles = single.get('userknownhostsfile');
  const globalFiles = single.get('globalknownhostsfile');
  return {
    ...(hostname !== undefined && { hostname }),
    ...(user !== undefined && { user }),
    ...(Number.isInteger(port) && port > 0 && port < 65536 && { port }),
    identityFiles,
    ...(proxyJump !== undefined && proxyJump !== 'none' && { proxyJump }),
    ...(userFiles !== undefined && {
      userKnownHostsFiles: parseSshGFileList(userFiles, (f) => exists(localPath(f))).map(localPath),
    }),
    ...(globalFiles !== undefined && { globalKnownHostsFiles: parseSshGFileList(globalFiles, exists) }),
    ...(alias !== undefined && alias !== 'none' && { hostKeyAlias: alias }),
  };
}
