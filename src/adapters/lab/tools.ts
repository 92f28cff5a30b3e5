import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The Debian programs the lab runs; found on PATH or in the sbin directories users lack. */
export const LAB_TOOLS = ['haproxy', 'nginx', 'sshd', 'ssh-keygen', 'ab', 'socat', 'perl', 'openssl'] as const;
export type LabTool = (typeof LAB_TOOLS)[number];

export const INSTALL_LINE = 'apt-get install -y haproxy nginx openssh-server openssh-client apache2-utils socat openssl';

const FIXED: Partial<Record<LabTool, string>> = { sshd: '/usr/sbin/sshd' };

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findTool(tool: LabTool, env: NodeJS.ProcessEnv): string | undefined {
  const fixed = FIXED[tool];
  if (fixed !== undefined) return executable(fixed) ? fixed : undefined;
  return findOnPath(tool, env);
}

/** A program on PATH or in the sbin/bin directories. */
export function findOnPath(tool: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env['PATH'] ?? '').split(':').filter((d) => d !== ''), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs) {
    const file = path.join(dir, tool);
    if (executable(file)) return file;
  }
  return undefined;
}

export type ToolPaths = Record<LabTool, string>;

// Not a Result: a failure lists the missing tools.
export type ToolsResult = { readonly ok: true; readonly tools: ToolPaths } | { readonly ok: false; readonly missing: LabTool[] };

export function findLabTools(env: NodeJS.ProcessEnv): ToolsResult {
  const found: Partial<ToolPaths> = {};
  const missing: LabTool[] = [];
  for (const tool of LAB_TOOLS) {
    const file = findTool(tool, env);
    if (file === undefined) missing.push(tool);
    else found[tool] = file;
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, tools: found as ToolPaths };
}
