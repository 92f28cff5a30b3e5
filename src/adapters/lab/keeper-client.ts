import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { KEEPER_SCRIPT, prctlSyscall, spawnRequestLine, type SpawnRequest } from './keeper-script.js';
import { labFiles } from './lab-plan.js';
import { unixRequest, waitFor } from './net-probe.js';

export type SpawnResult = { readonly ok: true; readonly pid: number } | { readonly ok: false; readonly reason: string };

/** Starts the lab's keeper (detached) and waits until it answers; returns its pid. */
export async function startKeeper(dir: string, perl: string): Promise<SpawnResult> {
  await writeFile(labFiles.keeperScript(dir), KEEPER_SCRIPT, { mode: 0o600 });
  const log = openSync(labFiles.keeperLog(dir), 'a');
  try {
    const child = spawn(perl, [labFiles.keeperScript(dir), labFiles.keeperSocket(dir), String(prctlSyscall(process.arch))], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) return { ok: false, reason: `could not start the lab keeper (${perl})` };
    const up = await waitFor(async () => (await unixRequest(labFiles.keeperSocket(dir), 'ping\n', 1000))?.startsWith('pong') ?? false, 10_000);
    return up ? { ok: true, pid } : { ok: false, reason: `the lab keeper did not answer; see ${labFiles.keeperLog(dir)}` };
  } finally {
    closeSync(log);
  }
}

/**
 * Starts a service through the keeper so it is reaped when it dies; when the keeper is gone
 * (a half-dead lab) the service is started detached from this process instead.
 */
export async function spawnService(dir: string, req: SpawnRequest): Promise<SpawnResult> {
  const line = spawnRequestLine(req);
  if (line === undefined) return { ok: false, reason: `a path or argument for ${req.argv[0]} contains a control character` };
  const answer = await unixRequest(labFiles.keeperSocket(dir), line, 5000);
  if (answer !== undefined) {
    const m = /^pid (\d+)/.exec(answer);
    if (m !== null) return { ok: true, pid: Number(m[1]) };
    return { ok: false, reason: `the lab keeper could not start ${req.argv[0]}: ${answer.trim()}` };
  }
  const log = openSync(req.log, 'a');
  try {
    const [program, ...args] = req.argv;
    if (program === undefined) return { ok: false, reason: 'empty command' };
    const child = spawn(program, args, { cwd: req.cwd, detached: true, stdio: ['ignore', log, log] });
    child.unref();
    child.on('error', () => undefined);
    return child.pid !== undefined ? { ok: true, pid: child.pid } : { ok: false, reason: `could not start ${program}` };
  } finally {
    closeSync(log);
  }
}
