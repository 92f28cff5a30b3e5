import type { PlannedCommand } from '../../core/actions/action-report.js';
import { describeChange, runtimeChanges, type RuntimeChange } from '../../core/actions/runtime-changes.js';
import type { Profile, ServerRef } from '../../core/profile/profile.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import { failure, success, type Result } from '../../core/result.js';

/** Runtime states and weights of other servers, read before a reload and set again after it. */

export async function readRuntimeChanges(client: HaproxyClient, exclude: readonly ServerRef[]): Promise<Result<RuntimeChange[]>> {
  const all = await client.serversState();
  if (!all.ok) return failure(`could not read the server states to keep through the reload: ${all.error.message}`);
  return success(runtimeChanges(all.value.values[0]?.value ?? [], exclude));
}

/** The commands for a dry run: the worker pids are only known after the reload. */
export async function plannedReapply(profile: Profile, client: HaproxyClient, changes: readonly RuntimeChange[]): Promise<PlannedCommand[]> {
  const out: PlannedCommand[] = [];
  for (const c of changes) {
    const plan = await client.plan(c.ref, c);
    if (!plan.ok) continue;
    const socket = profile.haproxy.masterSocket ?? profile.haproxy.sockets[0] ?? '';
    out.push({ node: profile.head.name, kind: 'runtime-api', socket, process: 'every process after the reload', line: plan.plan.command.text });
  }
  return out;
}

export async function reapply(client: HaproxyClient, changes: readonly RuntimeChange[]): Promise<{ kept: string[]; failed: string[] }> {
  const kept: string[] = [];
  const failed: string[] = [];
  for (const c of changes) {
    const r = await client.act(c.ref, c);
    if (r.ok) kept.push(describeChange(c));
    else failed.push(`${describeChange(c)}: ${r.reason}`);
  }
  return { kept, failed };
}
