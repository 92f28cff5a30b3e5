import { execFile } from 'node:child_process';
import { parseSshConfigOutput, type SshClientConfig } from '../../core/ssh/ssh-config-output.js';

/**
 * Asks OpenSSH itself how it would connect to `host` (`ssh -G`, run without a shell: the host
 * is one argv element). Without OpenSSH's client (or on any failure) the profile stands alone.
 */
export function resolveSshConfig(host: string, homeDir: string, timeoutMs = 3000): Promise<SshClientConfig | undefined> {
  if (host.startsWith('-')) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('ssh', ['-G', '--', host], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      if (error !== null) resolve(undefined);
      else resolve(parseSshConfigOutput(stdout, homeDir));
    });
  });
}
