import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readRegularFile } from '../files/read-regular-file.js';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { sshConfigFromComputed } from '../../core/ssh/ssh-config-computed.js';
import { parseSshConfigOutput, type SshClientConfig } from '../../core/ssh/ssh-config-output.js';

/**
 * How OpenSSH would connect to `host`: `ssh -G` (run without a shell: the host is one argv
 * element; it follows Include and matches patterns exactly). Without OpenSSH's client, ~/.ssh/config
 * is read with the `ssh-config` library. On any other failure the profile stands alone.
 */
export function resolveSshConfig(host: string, homeDir: string, timeoutMs = 3000): Promise<SshClientConfig | undefined> {
  if (host.startsWith('-')) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('ssh', ['-G', '--', host], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      if (error === null) resolve(parseSshConfigOutput(stdout, homeDir, accountHome(), existsSync));
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve(readUserSshConfig(host, homeDir));
      else resolve(undefined);
    });
  });
}

/** The home `ssh` expands ~ to: the password database's, whatever $HOME says. */
function accountHome(): string | undefined {
  try {
    return os.userInfo().homedir;
  } catch {
    return undefined;
  }
}

function localAccount(): { localUser: string; localHost: string; uid: number } {
  let localUser = process.env['USER'] ?? '';
  let uid = -1;
  try {
    const info = os.userInfo();
    localUser = info.username;
    uid = info.uid;
  } catch {
    // No password database entry: $USER stands in.
  }
  return { localUser, localHost: os.hostname(), uid };
}

export async function readUserSshConfig(host: string, homeDir: string): Promise<SshClientConfig | undefined> {
  // Like every file a user names: only a regular file, at most 1 MiB.
  const read = await readRegularFile(path.join(homeDir, '.ssh', 'config'), 1024 * 1024, 'an ssh config file');
  if (!read.ok) return undefined;
  try {
    return sshConfigFromComputed(SSHConfig.parse(read.bytes.toString('utf8')).compute(host), { homeDir, host, ...localAccount() });
  } catch {
    return undefined;
  }
}
