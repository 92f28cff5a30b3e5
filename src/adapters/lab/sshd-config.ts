import path from 'node:path';
import { SENSOR_FILES } from '../../core/lab/pi-sensor-files.js';
import { labFiles, SSH_PORT, type LabNodePlan } from './lab-plan.js';

export interface SshdConfigInput {
  readonly node: LabNodePlan;
  readonly labDir: string;
  /** The only user that may log in (as an ordinary user sshd can only log in as itself anyway). */
  readonly user: string;
  /** The node has Pi sensors: its sessions find the lab's vcgencmd on PATH. */
  readonly sensors?: boolean;
}

/** A session's PATH on a worker with sensors: its vcgencmd first, then the usual directories. */
export const sensorsPath = (node: LabNodePlan): string => `${path.join(labFiles.sensors(node), SENSOR_FILES.bin)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

/** Everything an sshd_config of the lab's kind needs; the switches default to the lab's own. */
export interface SshdConfigSpec {
  readonly title: string;
  readonly listen: string;
  readonly hostKey: string;
  readonly pidFile: string;
  readonly authorizedKeys: string;
  readonly user: string;
  readonly streamLocalForwarding?: boolean;
  readonly sftp?: boolean;
  readonly extra?: readonly string[];
}

/** An sshd_config that lets in only `user` with the one authorized key (also used by tests for a second sshd). */
export function sshdConfigText(spec: SshdConfigSpec): string {
  return [
    `# ${spec.title}`,
    `ListenAddress ${spec.listen}`,
    `HostKey ${spec.hostKey}`,
    `PidFile ${spec.pidFile}`,
    `AuthorizedKeysFile ${spec.authorizedKeys}`,
    `AllowUsers ${spec.user}`,
    'StrictModes no',
    'UsePAM no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'MaxSessions 10',
    'MaxStartups 100:30:200',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    'AllowTcpForwarding yes',
    `AllowStreamLocalForwarding ${spec.streamLocalForwarding === false ? 'no' : 'yes'}`,
    ...(spec.sftp === false ? [] : ['Subsystem sftp internal-sftp']),
    ...(spec.extra ?? []),
    'LogLevel ERROR',
    '',
  ].join('\n');
}

/** sshd_config for one lab node: its own address, host key, pid file; only the lab's client key. */
export function sshdConfig({ node, labDir, user, sensors }: SshdConfigInput): string {
  return sshdConfigText({
    title: `picon lab: sshd for ${node.name}`,
    listen: `${node.address}:${SSH_PORT}`,
    hostKey: labFiles.hostKey(node),
    pidFile: labFiles.sshdPid(node),
    authorizedKeys: `${labFiles.clientKey(labDir)}.pub`,
    user,
    // A session's shell would otherwise read this machine's ~/.bashrc (Debian's bash does for ssh
    // commands): here it runs pyenv, ~170 ms and ~100 processes per remote command, which no
    // stock Pi does. The lab's nodes start clean, like a Pi's.
    // sshd takes only the first SetEnv line: every variable goes on it.
    extra: [`SetEnv HOME=${labFiles.home(labDir)}${sensors === true && node.role === 'worker' ? ` PATH=${sensorsPath(node)}` : ''}`],
  });
}
