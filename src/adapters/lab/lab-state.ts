import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './proc.js';
import { labFiles, type LabMetrics, type LabServiceName } from './lab-plan.js';

/**
 * <dir>/lab.json: how the lab was made and every pid it started. The plan (addresses, paths)
 * is recomputed from the options, so the file holds only what cannot be recomputed.
 */
export interface LabState {
  readonly version: 1;
  readonly dir: string;
  readonly subnet: string;
  readonly workers?: number;
  /** `lab up --metrics prometheus` (absent: no metrics stack). */
  readonly metrics?: LabMetrics;
  readonly user: string;
  readonly root: boolean;
  readonly createdDir: boolean;
  readonly createdRunSshd: boolean;
  readonly startedAt: string;
  /** Whether the workers have Pi sensors (absent: a lab from a picon without them). */
  readonly sensors?: LabSensorsState;
  keeperPid: number | null;
  /** node name → service → pid (null: not started or stopped). */
  pids: Record<string, Partial<Record<LabServiceName, number | null>>>;
}

export type LabSensorsState = { readonly on: true } | { readonly on: false; readonly why: string };

export type ReadStateResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'broken'; readonly reason: string }
  | { readonly kind: 'ok'; readonly state: LabState };

export async function readLabState(dir: string): Promise<ReadStateResult> {
  let text: string;
  try {
    text = await readFile(labFiles.state(dir), 'utf8');
  } catch {
    return { kind: 'none' };
  }
  try {
    const data = JSON.parse(text) as LabState;
    if (data.version !== 1 || typeof data.subnet !== 'string' || typeof data.pids !== 'object') {
      return { kind: 'broken', reason: `${labFiles.state(dir)} is not a lab state file this picon understands` };
    }
    return { kind: 'ok', state: data };
  } catch (error) {
    return { kind: 'broken', reason: `${labFiles.state(dir)} is not valid JSON (${(error as Error).message})` };
  }
}

export async function writeLabState(state: LabState): Promise<void> {
  const file = labFiles.state(state.dir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  await writePidFiles(state);
}

/** <dir>/pids/NODE.SERVICE for each running service, so a check needs only shell builtins. */
async function writePidFiles(state: LabState): Promise<void> {
  const dir = labFiles.pids(state.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const writes: Promise<void>[] = [];
  for (const [node, services] of Object.entries(state.pids)) {
    for (const [service, pid] of Object.entries(services)) {
      const file = path.join(dir, `${node}.${service}`);
      writes.push(typeof pid === 'number' ? writeFile(file, `${pid}\n`, { mode: 0o600 }) : rm(file, { force: true }));
    }
  }
  await Promise.all(writes);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs fn while holding <dir>/lab.lock, so two lab commands (e.g. picon restarting nginx on two
 * nodes at once over SSH) never lose each other's pids. A lock left by a dead process is taken over.
 */
export async function withLabLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const lock = labFiles.lock(dir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() >= deadline) throw new Error(`lab lock ${lock} is held by pid ${holder}`);
      await delay(30);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Read-modify-write of the pids under the lock. */
export async function updateLabState(dir: string, change: (state: LabState) => void): Promise<LabState | undefined> {
  return withLabLock(dir, async () => {
    const read = await readLabState(dir);
    if (read.kind !== 'ok') return undefined;
    change(read.state);
    await writeLabState(read.state);
    return read.state;
  });
}
