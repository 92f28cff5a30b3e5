import { readdirSync, readlinkSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * As root, sshd needs its privilege-separation directory /run/sshd. The lab creates it only when
 * missing and marks it, and the last lab to go down removes it again — but only while no sshd
 * at all is running, since any sshd (the lab's or another) may be using it.
 */
const RUN_SSHD = '/run/sshd';
const MARKER = path.join(RUN_SSHD, '.created-by-picon-lab');

export async function ensureRunSshd(): Promise<boolean> {
  try {
    await stat(RUN_SSHD);
    return false;
  } catch {
    await mkdir(RUN_SSHD, { mode: 0o755 });
    await writeFile(MARKER, 'created by `picon lab up`; removed by the last `picon lab down`\n');
    return true;
  }
}

function sshdRunning(sshdPath: string): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) === sshdPath) return true;
    } catch {
      // Not ours to read, or gone.
    }
  }
  return false;
}

/** Returns true when it removed /run/sshd. */
export async function releaseRunSshd(sshdPath: string): Promise<boolean> {
  try {
    await stat(MARKER);
  } catch {
    return false;
  }
  if (sshdRunning(sshdPath)) return false;
  await rm(RUN_SSHD, { recursive: true, force: true });
  return true;
}
