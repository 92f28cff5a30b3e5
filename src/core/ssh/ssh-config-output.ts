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
  readonly userKnownHostsFiles: readonly string[];
  readonly hostKeyAlias?: string;
}

export function parseSshConfigOutput(text: string, homeDir: string): SshClientConfig {
  const identityFiles: string[] = [];
  const userKnownHostsFiles: string[] = [];
  const single = new Map<string, string>();
  const expand = (p: string): string => (p === '~' ? homeDir : p.startsWith('~/') ? `${homeDir}/${p.slice(2)}` : p);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space).toLowerCase();
    const value = line.slice(space + 1).trim();
    if (key === 'identityfile') identityFiles.push(expand(value));
    else if (key === 'userknownhostsfile') userKnownHostsFiles.push(...value.split(/\s+/).map(expand));
    else if (!single.has(key)) single.set(key, value);
  }
  const port = Number(single.get('port'));
  const proxyJump = single.get('proxyjump');
  const hostname = single.get('hostname');
  const user = single.get('user');
  const alias = single.get('hostkeyalias');
  return {
    ...(hostname !== undefined && { hostname }),
    ...(user !== undefined && { user }),
    ...(Number.isInteger(port) && port > 0 && port < 65536 && { port }),
    identityFiles,
    ...(proxyJump !== undefined && proxyJump !== 'none' && { proxyJump }),
    userKnownHostsFiles,
    ...(alias !== undefined && alias !== 'none' && { hostKeyAlias: alias }),
  };
}
