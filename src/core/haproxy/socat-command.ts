import { remoteCommand, type RemoteCommand } from '../remote/shell-quote.js';

/**
 * The fallback where SSH stream-local forwarding is refused (Dropbear, AllowStreamLocalForwarding
 * no): `socat` on the head relays one command to the socket, with `sudo -n` when the socket is
 * not readable by the login user.
 */

/** Socket paths reach socat's address syntax, where ':' ',' and '!' mean something. */
export const SOCKET_PATH = /^\/[A-Za-z0-9._/@+-]{1,200}$/;

export function socketPathProblem(path: string): string | undefined {
  return SOCKET_PATH.test(path) ? undefined : `socket path ${JSON.stringify(path)} must be absolute and use only letters, digits and . _ / @ + -`;
}

/**
 * socat -t: how long to keep reading after stdin ended (default 0.5 s, too short for a big
 * `show stat`); HAProxy closes the socket once it has answered, which ends socat sooner.
 */
export function socatCommand(path: string, options: { sudo: boolean; waitSeconds: number }): RemoteCommand {
  const problem = socketPathProblem(path);
  if (problem !== undefined) throw new Error(problem);
  const socat = ['socat', '-t', String(Math.max(1, Math.ceil(options.waitSeconds))), 'stdio', `UNIX-CONNECT:${path}`];
  return remoteCommand(options.sudo ? ['sudo', '-n', ...socat] : socat);
}

export type SocatFailure = 'permission' | 'missing-socket' | 'no-socat' | 'sudo-refused' | 'other';

/** What a failed socat run means, from its exit code and stderr. */
export function classifySocatFailure(code: number | null, stderr: string): SocatFailure {
  if (code === 127 || /socat: (command )?not found/i.test(stderr)) return 'no-socat';
  if (/^sudo: /m.test(stderr)) return 'sudo-refused';
  if (/Permission denied|Operation not permitted/i.test(stderr)) return 'permission';
  if (/No such file or directory|Connection refused/i.test(stderr)) return 'missing-socket';
  return 'other';
}

/** What a failed connect to the socket says, in words: socat's `connect(5, AF=1 "PATH", 25): ERRNO` repeats the path. */
const CONNECT_ERRNO = /^connect\(.*\): (.+)$/;

/** socat's own message without its "2024/01/01 12:00:00 socat[123] E " prefix (and, for a connect, just the errno text). */
export function socatReason(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  const message = line.replace(/^.*?socat\[\d+\] [A-Z] /, '');
  const errno = CONNECT_ERRNO.exec(message)?.[1];
  if (errno !== undefined) return errno === 'No such file or directory' ? 'no such socket' : errno.toLowerCase();
  return message || 'socat failed without a message';
}
