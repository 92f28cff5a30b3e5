import type { NodeSpec } from '../profile/profile.js';
import { fillTemplate, remoteCommand, shellQuote, type RemoteCommand } from '../remote/shell-quote.js';

/**
 * The shell commands actions run over SSH, each built here with every argument quoted, so a dry
 * run can print exactly what would run. `sudo` (non-interactive, `-n`) is used for files the
 * login user cannot write, such as /etc/haproxy/haproxy.cfg on a Pi.
 */

/** The largest haproxy.cfg `weight --persist` reads and writes back; a bigger one is refused. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export function readFileCommand(file: string): RemoteCommand {
  return remoteCommand(['cat', '--', file]);
}

/**
 * Prints three lines about a file, before anything reads it whole: its real path (symlinks
 * resolved), its size in bytes, and `own` when the login user is root, or owns it and may write
 * it and its directory (else `sudo`: the rename must not give the file a new owner). Exit 3 with
 * one line on stderr when it does not exist or is not a regular file.
 */
export function inspectFileCommand(file: string): RemoteCommand {
  const script = [
    'f=$(readlink -f -- "$1") && [ -e "$f" ] || { echo "$1 does not exist" >&2; exit 3; }',
    '[ -f "$f" ] || { echo "$1 is not a regular file" >&2; exit 3; }',
    'printf "%s\\n" "$f"',
    'stat -L -c %s -- "$f" || exit 3',
    'if [ "$(id -u)" = 0 ] || { [ -w "$f" ] && [ -w "$(dirname -- "$f")" ] && [ -O "$f" ]; }; then echo own; else echo sudo; fi',
  ].join('; ');
  return { text: `sh -c ${shellQuote(script)} picon-inspect ${shellQuote(file)}` };
}

export interface FileFacts {
  readonly path: string;
  readonly bytes: number;
  readonly sudo: boolean;
}

export function parseFileFacts(stdout: string): FileFacts | undefined {
  const lines = stdout.split('\n');
  const [bytes, who] = lines.slice(-3, -1);
  const file = lines.slice(0, -3).join('\n');
  if (file === '' || bytes === undefined || !/^\d+$/.test(bytes) || (who !== 'own' && who !== 'sudo')) return undefined;
  return { path: file, bytes: Number(bytes), sudo: who === 'sudo' };
}

/** e.g. /etc/haproxy/haproxy.cfg.picon-20250101T120000.123Z.bak */
export function backupPath(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '');
  return `${file}.picon-${stamp}.bak`;
}

export interface ServiceCommands {
  readonly restart: RemoteCommand;
  readonly isActive: RemoteCommand;
}

/** The node's serviceControl templates filled in (the head's `haproxy` restart is a reload). */
export function serviceCommands(node: NodeSpec, service: string): ServiceCommands {
  const values = { service, node: node.name };
  return { restart: fillTemplate(node.serviceControl.restart, values), isActive: fillTemplate(node.serviceControl.isActive, values) };
}
