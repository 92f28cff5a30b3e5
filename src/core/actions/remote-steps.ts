import path from 'node:path';
import type { NodeSpec } from '../profile/profile.js';
import { fillTemplate, remoteCommand, shellQuote, type RemoteCommand } from '../remote/shell-quote.js';

/**
 * The shell commands actions run over SSH, each built here with every argument quoted, so a dry
 * run can print exactly what would run. `sudo` (non-interactive, `-n`) is used for files the
 * login user cannot write, such as /etc/haproxy/haproxy.cfg on a Pi.
 */

/** HAProxy lives in /usr/sbin, which is not on a normal user's PATH over SSH. */
const SBIN_PATH = 'PATH="$PATH:/usr/sbin:/usr/local/sbin"';

const sudoPrefix = (sudo: boolean): string => (sudo ? 'sudo -n ' : '');

export function readFileCommand(file: string): RemoteCommand {
  return remoteCommand(['cat', '--', file]);
}

/** Exit 0 when the login user can replace the file and write a backup next to it. */
export function canWriteCommand(file: string): RemoteCommand {
  return { text: `test -w ${shellQuote(file)} && test -w ${shellQuote(path.posix.dirname(file))}` };
}

export function backupCommand(file: string, backup: string, sudo: boolean): RemoteCommand {
  return { text: `${sudoPrefix(sudo)}${remoteCommand(['cp', '-p', '--', file, backup]).text}` };
}

/** Writes stdin into the file in place (owner and mode stay). */
export function writeFileCommand(file: string, sudo: boolean): RemoteCommand {
  return { text: `${sudoPrefix(sudo)}tee -- ${shellQuote(file)} >/dev/null` };
}

export function restoreCommand(backup: string, file: string, sudo: boolean): RemoteCommand {
  return { text: `${sudoPrefix(sudo)}${remoteCommand(['cp', '--', backup, file]).text}` };
}

export function checkConfigCommand(file: string, sudo: boolean): RemoteCommand {
  const check = remoteCommand(['haproxy', '-c', '-f', file]).text;
  return { text: sudo ? `sudo -n ${check}` : `${SBIN_PATH} ${check}` };
}

/** e.g. /etc/haproxy/haproxy.cfg.picon-20250101T120000Z.bak */
export function backupPath(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
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
