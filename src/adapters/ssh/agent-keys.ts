import ssh2 from 'ssh2';

/** The public keys (SSH wire format) an ssh-agent holds; none when it cannot be asked. */
export function agentPublicKeys(socket: string, timeoutMs = 3000): Promise<readonly Buffer[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs);
    try {
      new ssh2.OpenSSHAgent(socket).getIdentities((err, keys) => {
        clearTimeout(timer);
        resolve(err || keys === undefined ? [] : keys.flatMap((k) => ('getPublicSSH' in k ? [k.getPublicSSH()] : [])));
      });
    } catch {
      clearTimeout(timer);
      resolve([]);
    }
  });
}

/** The ssh-agent socket from the environment, as OpenSSH reads it (unset or empty: none). */
export function agentSocketFrom(env: NodeJS.ProcessEnv): string | undefined {
  const socket = env['SSH_AUTH_SOCK'];
  return socket !== undefined && socket !== '' ? socket : undefined;
}
