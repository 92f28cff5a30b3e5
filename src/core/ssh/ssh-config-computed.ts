import type { SshClientConfig } from './ssh-config-output.js';

/**
 * The fallback when OpenSSH's client is not installed: settings computed from ~/.ssh/config by the
 * `ssh-config` library (Host/Match blocks; no Include, no %-tokens), shaped like `ssh -G` output.
 */
export function sshConfigFromComputed(computed: Readonly<Record<string, string | readonly string[]>>, homeDir: string): SshClientConfig {
  const lower = new Map(Object.entries(computed).map(([k, v]) => [k.toLowerCase(), v]));
  const list = (key: string): string[] => {
    const v = lower.get(key);
    return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
  };
  const one = (key: string): string | undefined => list(key)[0];
  const expand = (p: string): string => (p === '~' ? homeDir : p.startsWith('~/') ? `${homeDir}/${p.slice(2)}` : p);
  const port = Number(one('port'));
  const hostname = one('hostname');
  const user = one('user');
  const proxyJump = one('proxyjump');
  const alias = one('hostkeyalias');
  return {
    ...(hostname !== undefined && { hostname }),
    ...(user !== undefined && { user }),
    ...(Number.isInteger(port) && port > 0 && port < 65536 && { port }),
    identityFiles: list('identityfile').map(expand),
    ...(proxyJump !== undefined && proxyJump !== 'none' && { proxyJump }),
    userKnownHostsFiles: list('userknownhostsfile').flatMap((v) => v.split(/\s+/)).map(expand),
    ...(alias !== undefined && { hostKeyAlias: alias }),
  };
}
