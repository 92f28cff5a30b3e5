import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { haproxyConfig } from './haproxy-config.js';
import { labFiles, SSH_PORT, type LabPlan } from './lab-plan.js';
import { nginxConfig, nginxDirs } from './nginx-config.js';
import { writeRestingSensors } from './lab-sensors.js';
import { sshdConfig } from './sshd-config.js';
import { prometheusConfig } from './prometheus-config.js';

const run = promisify(execFile);

export interface LabIdentity {
  readonly user: string;
  readonly root: boolean;
  /** The workers get Pi sensor files (and their sessions vcgencmd on PATH). */
  readonly sensors?: boolean;
}

async function keygen(sshKeygen: string, file: string, comment: string): Promise<void> {
  await run(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/** `[addr]:2222 ssh-ed25519 AAAA…` — the form OpenSSH and ssh2 both look up for a non-22 port. */
export function knownHostsLine(address: string, port: number, publicKey: string): string {
  const [type, blob] = publicKey.trim().split(/\s+/);
  return `[${address}]:${port} ${type ?? ''} ${blob ?? ''}`;
}

/** Keys, known_hosts and every node's config files. */
export async function writeLabFiles(plan: LabPlan, who: LabIdentity, sshKeygen: string): Promise<void> {
  await keygen(sshKeygen, labFiles.clientKey(plan.dir), `picon-lab@${plan.subnet}`);
  await mkdir(labFiles.home(plan.dir), { recursive: true, mode: 0o700 });
  const hosts: string[] = [];
  for (const node of plan.nodes) {
    await mkdir(node.dir, { recursive: true, mode: 0o700 });
    await keygen(sshKeygen, labFiles.hostKey(node), `picon-lab-${node.name}`);
    hosts.push(knownHostsLine(node.address, SSH_PORT, await readFile(`${labFiles.hostKey(node)}.pub`, 'utf8')));
    await writeFile(labFiles.sshdConfig(node), sshdConfig({ node, labDir: plan.dir, user: who.user, sensors: who.sensors === true }), { mode: 0o600 });
    if (node.role === 'worker') {
      if (who.sensors === true) await writeRestingSensors(node, plan.workerNodes.indexOf(node));
      for (const d of nginxDirs(node)) await mkdir(d, { recursive: true, mode: 0o700 });
      await writeFile(labFiles.nginxConfig(node), nginxConfig({ node, ...(who.root && { user: 'root root' }) }), { mode: 0o600 });
    }
  }
  await writeFile(labFiles.haproxyConfig(plan.head), haproxyConfig({ head: plan.head, workers: plan.workerNodes, exporter: plan.metrics === 'prometheus' }), { mode: 0o600 });
  if (plan.metrics === 'prometheus') {
    await writeFile(labFiles.prometheusConfig(plan.head), prometheusConfig(plan), { mode: 0o600 });
    await mkdir(labFiles.prometheusData(plan.head), { recursive: true, mode: 0o700 });
  }
  await writeFile(labFiles.knownHosts(plan.dir), `${hosts.join('\n')}\n`, { mode: 0o600 });
}
