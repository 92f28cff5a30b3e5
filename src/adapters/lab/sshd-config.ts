import { labFiles, SSH_PORT, type LabNodePlan } from './lab-plan.js';

export interface SshdConfigInput {
  readonly node: LabNodePlan;
  readonly labDir: string;
  /** The only user that may log in (as an ordinary user sshd can only log in as itself anyway). */
  readonly user: string;
}

/** sshd_config for one lab node: its own address, host key, pid file; only the lab's client key. */
export function sshdConfig({ node, labDir, user }: SshdConfigInput): string {
  return [
    `# picon lab: sshd for ${node.name}`,
    `ListenAddress ${node.address}:${SSH_PORT}`,
    `HostKey ${labFiles.hostKey(node)}`,
    `PidFile ${labFiles.sshdPid(node)}`,
    `AuthorizedKeysFile ${labFiles.clientKey(labDir)}.pub`,
    `AllowUsers ${user}`,
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
    'AllowStreamLocalForwarding yes',
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
    '',
  ].join('\n');
}
