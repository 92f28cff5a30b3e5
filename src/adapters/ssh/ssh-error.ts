import type { RemoteError, RemoteErrorKind } from '../../core/ports/node-transport.js';

interface Ssh2Error extends Error {
  level?: string;
  code?: string;
}

/** Maps an ssh2/socket error to a reason a person can read, naming the node. */
export function classifySshError(node: string, target: string, error: unknown): RemoteError {
  const e = (error instanceof Error ? error : new Error(String(error))) as Ssh2Error;
  const at = `${node} (${target})`;
  const make = (kind: RemoteErrorKind, what: string): RemoteError => ({ kind, message: `${at}: ${what}` });
  switch (e.code) {
    case 'ECONNREFUSED':
      return make('refused', 'connection refused (is sshd running?)');
    case 'ETIMEDOUT':
      return make('timeout', 'connection timed out');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make('unreachable', 'host unreachable');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('unreachable', 'host name not found');
    case 'ECONNRESET':
    case 'EPIPE':
      return make('closed', 'connection reset');
    default:
      break;
  }
  if (e.level === 'client-timeout') {
    return e.message.includes('Keepalive')
      ? make('closed', 'no answer to keepalives (node frozen or gone)')
      : make('timeout', 'SSH handshake timed out');
  }
  if (e.level === 'client-authentication') return make('auth', 'authentication failed (no key was accepted)');
  if (e.level === 'client-dns') return make('unreachable', 'host name not found');
  return make('closed', e.message);
}
