import { expandKnownHostsPath, expandTilde } from './known-hosts-files.js';
import type { SshClientConfig } from './ssh-config-output.js';

/** Where the lookup runs: what OpenSSH would put for ~ and the local %-tokens. */
export interface LocalSshContext {
  readonly homeDir: string;
  /** The host looked up (%n). */
  readonly host: string;
  readonly localUser: string;
  readonly localHost: string;
  readonly uid: number;
}

/**
 * The fallback when OpenSSH's client is not installed: settings computed from ~/.ssh/config by the
 * `ssh-config` library (Host/Match blocks; no Include, no %-tokens), shaped like `ssh -G` output:
 * ~ and the %-tokens of UserKnownHostsFile are expanded here, as `ssh -G` would have.
 */
export function sshConfigFromComputed(computed: Readonly<Record<string, string | readonly string[]>>, local: LocalSshContext): SshClientConfig {
  const { homeDir } = local;
  const lower = new Map(Object.entries(computed).map(([k, v]) => [k.toLowerCase(), v]));
  const list = (key: string): string[] => {
    const v = lower.get(key);
    return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
  };
  const one = (key: string): string | undefined => list(key)[0];
  /** The library splits a list into an array (quotes removed); one value, quoted or not, is one file. */
  const files = (key: string): string[] | undefined => {
    const v = lower.get(key);
    if (v === undefined) return undefined;
    const list = typeof v === 'string' ? [v] : [...v];
    return list[0] === 'none' ? [] : list;
  };
  const port = Number(one('port'));
  const hostname = one('hostname');
  const user = one('user');
  const proxyJump = one('proxyjump');
  const alias = one('hostkeyalias');
  const validPort = Number.isInteger(port) && port > 0 && port < 65536;
  const tokens = {
    homeDir,
    localUser: local.localUser,
    localHost: local.localHost,
    uid: local.uid,
    originalHost: local.host,
    host: hostname ?? local.host,
    port: validPort ? port : 22,
    remoteUser: user ?? local.localUser,
    ...(alias !== undefined && alias !== 'none' && { hostKeyAlias: alias }),
  };
  // A path with an unknown token stays as written: such a file does not exist, so it reads as empty.
  const userFiles = files('userknownhostsfile')?.map((f) => {
    const expanded = expandKnownHostsPath(f, tokens);
    return expanded.ok ? expanded.value : f;
  });
  const globalFiles = files('globalknownhostsfile');
  return {
    ...(hostname !== undefined && { hostname }),
    ...(user !== undefined && { user }),
    ...(validPort && { port }),
    identityFiles: list('identityfile').map((f) => expandTilde(f, homeDir)),
    ...(proxyJump !== undefined && proxyJump !== 'none' && { proxyJump }),
    ...(userFiles !== undefined && { userKnownHostsFiles: userFiles }),
    ...(globalFiles !== undefined && { globalKnownHostsFiles: globalFiles }),
    ...(alias !== undefined && alias !== 'none' && { hostKeyAlias: alias }),
  };
}
