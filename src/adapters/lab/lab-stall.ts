import { rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { StallSchedule } from '../../core/lab/stall-schedule.js';
import { readLabState } from './lab-state.js';
import { planFromState } from './lab-status.js';
import { STALL_FILE } from './webapp-stall.js';

/** `picon lab stall NODE --every 3s --for 1s | --off`: writes (or removes) the worker's stall file, which its app reads. */

export type StallResult = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly code: number; readonly reason: string };

export async function setStall(dir: string, nodeName: string, stall: Omit<StallSchedule, 'sinceMs'> | null, now = Date.now()): Promise<StallResult> {
  const read = await readLabState(dir);
  if (read.kind === 'none') return { ok: false, code: 2, reason: `no lab in ${dir} (start one with \`picon lab up --dir ${dir}\`)` };
  if (read.kind === 'broken') return { ok: false, code: 2, reason: read.reason };
  const nodes = planFromState(read.state).nodes;
  const node = nodes.find((n) => n.name === nodeName);
  const apps = nodes.filter((n) => n.services.includes('webapp')).map((n) => n.name).join(', ');
  if (node === undefined || !node.services.includes('webapp')) {
    return { ok: false, code: 2, reason: `no lab worker "${nodeName}" with a web app to stall (workers: ${apps})` };
  }
  const file = path.join(node.dir, STALL_FILE);
  if (stall === null) {
    await rm(file, { force: true });
    return { ok: true, line: `the app on ${node.name} answers at once again` };
  }
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ ...stall, sinceMs: now })}\n`);
  await rename(temp, file);
  const s = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
  return { ok: true, line: `the app on ${node.name} now holds every response for ${s(stall.forMs)} in every ${s(stall.everyMs)} (\`picon lab stall ${node.name} --off\` ends it)` };
}
