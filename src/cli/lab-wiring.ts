import path from 'node:path';
import { labControl, type ControlInput } from '../adapters/lab/lab-control.js';
import { labDown } from '../adapters/lab/lab-down.js';
import { cpuCap, headThreads, slowApp } from '../adapters/lab/lab-knobs.js';
import { changeSensors } from '../adapters/lab/lab-sensors.js';
import { setStall } from '../adapters/lab/lab-stall.js';
import { readLabState } from '../adapters/lab/lab-state.js';
import { labStatus } from '../adapters/lab/lab-status.js';
import { labUp, type LabUpInput } from '../adapters/lab/lab-up.js';
import type { CommandContext } from './command.js';

type Bound = 'env' | 'nodeBin' | 'mainJs' | 'webappJs';

/**
 * The local lab's operations with this picon's Node.js, scripts and environment bound: what
 * `picon lab …` takes from the runtime (src/cli/runtime.ts). They run local processes and open
 * no SSH connection.
 */
export function labOps(ctx: Pick<CommandContext, 'env' | 'packageRoot'>) {
  const bound = {
    env: ctx.env,
    nodeBin: process.execPath,
    mainJs: path.join(ctx.packageRoot, 'dist', 'cli', 'main.js'),
    webappJs: path.join(ctx.packageRoot, 'dist', 'adapters', 'lab', 'webapp.js'),
  };
  return {
    up: (input: Omit<LabUpInput, Bound>) => labUp({ ...input, ...bound }),
    down: (dir: string, options: { readonly keepFiles: boolean }) => labDown(dir, ctx.env, options),
    state: readLabState,
    status: labStatus,
    control: (input: Omit<ControlInput, 'env' | 'nodeBin' | 'webappJs'>) => labControl({ ...input, ...bound }),
    sensors: changeSensors,
    stall: setStall,
    headThreads: (input: { readonly dir: string; readonly threads: number | undefined }) => headThreads({ ...input, ...bound }),
    cpuCap,
    slowApp,
  };
}

export type LabOps = ReturnType<typeof labOps>;
