import path from 'node:path';
import { rm } from 'node:fs/promises';
import { labFiles, type LabServiceName } from './lab-plan.js';
import { unregisterLabProfile } from './lab-profile-file.js';
import { readLabState, withLabLock, writeLabState } from './lab-state.js';
import { removeLabCgroups } from './lab-knobs.js';
import { planFromState, recordedPid } from './lab-status.js';
import { releaseRunSshd } from './run-sshd.js';
import { nodeMarker, stopPid } from './services.js';
import { isOurs, isOursAcrossExec, signal, waitGone } from './proc.js';
import { findTool } from './tools.js';

export interface LabDownResult {
  readonly found: boolean;
  readonly stopped: number;
  readonly lines: readonly string[];
}

/**
 * Stops every recorded process (frozen ones are resumed first; SIGKILL after a grace period),
 * also when the lab is half dead, then removes what `lab up` created.
 */
export async function labDown(dir: string, env: NodeJS.ProcessEnv, options: { keepFiles?: boolean } = {}): Promise<LabDownResult> {
  const read = await readLabState(dir);
  if (read.kind === 'none') return { found: false, stopped: 0, lines: [`no lab in ${dir}`] };
  if (read.kind === 'broken') return { found: true, stopped: 0, lines: [read.reason, `remove ${dir} by hand once you have checked nothing from it runs`] };
  const lines: string[] = [];
  let stopped = 0;
  await withLabLock(dir, async () => {
    const state = read.state;
    const plan = planFromState(state);
    // Workers before the head and sshd last, as on a real cluster going down.
    const order: LabServiceName[] = ['prometheus', 'node-exporter', 'haproxy', 'nginx', 'webapp', 'sshd'];
    const jobs: Promise<void>[] = [];
    for (const service of order) {
      for (const node of plan.nodes) {
        const pid = recordedPid(state, node.name, service);
        jobs.push(
          (async () => {
            // A master HAProxy in the middle of a reload is still ours.
            if (pid === null || !(await isOursAcrossExec(pid, nodeMarker(node)))) return;
            stopped++;
            await stopPid(pid, service, 3000);
          })(),
        );
      }
      await Promise.all(jobs.splice(0));
    }
    if (isOurs(state.keeperPid, labFiles.keeperScript(dir))) {
      signal(state.keeperPid, 'SIGCONT');
      signal(state.keeperPid, 'SIGTERM');
      if (!(await waitGone([state.keeperPid], 3000))) signal(state.keeperPid, 'SIGKILL');
    }
    removeLabCgroups(dir);
    for (const node of Object.keys(state.pids)) for (const s of Object.keys(state.pids[node] ?? {})) (state.pids[node] ?? {})[s as LabServiceName] = null;
    state.keeperPid = null;
    if (options.keepFiles === true) await writeLabState(state);
    if (unregisterLabProfile(dir, env)) lines.push('unregistered profile "lab"');
    if (state.createdRunSshd || state.root) {
      const sshd = findTool('sshd', env);
      if (sshd !== undefined && (await releaseRunSshd(sshd, path.resolve(dir)))) lines.push('removed /run/sshd');
    }
  });
  if (options.keepFiles !== true) {
    if (read.state.createdDir) {
      await rm(dir, { recursive: true, force: true });
    } else {
      const plan = planFromState(read.state);
      const ours = [
        labFiles.state(dir), labFiles.profile(dir), labFiles.knownHosts(dir), labFiles.clientKey(dir), `${labFiles.clientKey(dir)}.pub`,
        labFiles.keeperScript(dir), labFiles.keeperSocket(dir), labFiles.keeperLog(dir), ...plan.nodes.map((n) => n.dir),
      ];
      for (const file of ours) await rm(file, { recursive: true, force: true });
    }
  }
  lines.unshift(`lab in ${dir} is down (${stopped} processes stopped)`);
  return { found: true, stopped, lines };
}
