import type { AuditProcess } from '../actions/audit-record.js';
import type { Result } from '../result.js';
import type { NodeProgress, RolloutProgress } from './rollout-progress.js';

/**
 * What `picon rollout resume` does with the saved progress, decided before anything is sent: go
 * on with the nodes not done (each from the start of its steps: drain, restart, check, ready — a
 * step cut short is done again whole), or refuse in one line when there is nothing to resume, it
 * is still running, or the cluster no longer has what the rollout was about.
 */

export interface ResumeContext {
  readonly profile: string;
  readonly file: string;
  /** The profile's nodes now, with their services. */
  readonly nodes: readonly { readonly name: string; readonly services: readonly string[]; readonly servers: readonly string[] }[];
  /** Servers HAProxy has now ("web/p1"). */
  readonly haproxyServers: readonly string[];
  readonly isRunning: (process: AuditProcess) => boolean;
}

export interface ResumePlan {
  /** Nodes still to do, in the rollout's order; each from its first step again. */
  readonly remaining: readonly NodeProgress[];
  /** Nodes already done, left alone. */
  readonly done: readonly string[];
  /** The node it stopped at and why, when it stopped (absent: picon was killed). */
  readonly stoppedAt?: string;
}

export function decideResume(progress: RolloutProgress | undefined, ctx: ResumeContext): Result<ResumePlan> {
  if (progress === undefined) return { ok: false, reason: `no rollout to resume for profile ${ctx.profile} (nothing saved in ${ctx.file})` };
  if (progress.profile !== ctx.profile) return { ok: false, reason: `${ctx.file} is a rollout of profile ${progress.profile}, not ${ctx.profile}` };
  if (progress.status === 'done') return { ok: false, reason: `the last rollout (${progress.title}) finished at ${progress.updatedAt}; nothing to resume` };
  if (progress.status === 'running' && ctx.isRunning(progress.process)) {
    return { ok: false, reason: `${progress.title} is still running (pid ${progress.process.pid} on ${progress.process.host}); wait for it, or stop it first` };
  }
  const remaining = progress.nodes.filter((n) => n.phase !== 'done');
  const byName = new Map(ctx.nodes.map((n) => [n.name, n]));
  const have = new Set(ctx.haproxyServers);
  const change = progress.request.change;
  for (const n of remaining) {
    const now = byName.get(n.node);
    if (now === undefined) return { ok: false, reason: `${n.node} is no longer in profile ${ctx.profile}; the saved rollout cannot go on — start a new one` };
    if (change.kind === 'restart' && !now.services.includes(change.service)) return { ok: false, reason: `${n.node} no longer lists service ${change.service}; the saved rollout cannot go on — start a new one` };
    const gone = n.servers.find((s) => !have.has(`${s.backend}/${s.server}`));
    if (gone !== undefined) return { ok: false, reason: `HAProxy has no server ${gone.backend}/${gone.server} (node ${n.node}) any more; the saved rollout cannot go on — start a new one` };
  }
  if (remaining.length === 0) return { ok: false, reason: `every node of ${progress.title} is done; nothing to resume` };
  return {
    ok: true,
    value: {
      remaining,
      done: progress.nodes.filter((n) => n.phase === 'done').map((n) => n.node),
      ...(progress.stopped !== undefined && { stoppedAt: progress.stopped.node }),
    },
  };
}
