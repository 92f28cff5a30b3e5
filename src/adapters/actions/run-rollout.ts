import { randomBytes } from 'node:crypto';
import type { AuditProcess } from '../../core/actions/audit-record.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import { planBatches } from '../../core/rollout/rollout-batches.js';
import { decideResume } from '../../core/rollout/resume-decision.js';
import { RESUME_COMMAND, type RolloutEvent } from '../../core/rollout/rollout-events.js';
import { doneNodes, finished, stoppedAt, withPhase, type NodeProgress, type RolloutProgress } from '../../core/rollout/rollout-progress.js';
import { describeRollout, removalOf, type RolloutRequest } from '../../core/rollout/rollout-request.js';
import { resolveRollout, type RolloutNode } from '../../core/rollout/resolve-rollout.js';
import { standingsOf } from '../../core/rollout/server-standing.js';
import type { ActionDeps } from './action-deps.js';
import { withHeadLock, type HeldHeadLock } from './head-lock.js';
import { thisProcess } from './process-identity.js';
import { readServers, type ServersSnapshot } from './read-servers.js';
import { restartNode, setNode, type NodeRun } from './rollout-node-steps.js';
import { plannedCommands } from './rollout-planned-commands.js';
import { saved as savedOf } from './rollout-saved-servers.js';
import type { ProgressStore } from './rollout-progress-file.js';
import { journalDryRun, journalIntent, journalResult, type RolloutJournalTarget } from './rollout-journal.js';

/**
 * `picon rollout …` and `picon rollout resume`: plan the batches (the last-UP guard), ask, take the
 * head lock for the whole rollout, save the progress, then run each batch's nodes (node-steps.ts)
 * and save after every step; stop at the first failure with every other server serving.
 */

export interface RolloutDeps {
  readonly actions: ActionDeps;
  readonly store: ProgressStore;
  readonly emit: (event: RolloutEvent) => void;
  readonly isRunning: (process: AuditProcess) => boolean;
  /** How long a restarted server's check may take to say UP (default 60 s). */
  readonly checkTimeoutMs?: number;
  /** Aborted: no new batch starts (the one running finishes); the progress says where to resume. */
  readonly signal?: AbortSignal;
}

export interface RolloutOptions {
  readonly dryRun: boolean;
  readonly yes: boolean;
}

/** The exit code: 0 done (or a dry run), 1 refused, declined, or stopped at a failure, 2 the progress or the journal cannot be written. */
export type RolloutExit = 0 | 1 | 2;

const backendsOf = (nodes: readonly RolloutNode[]) => [...new Set(nodes.flatMap((n) => n.servers.map((s) => s.backend)))];
const at = (deps: RolloutDeps) => new Date((deps.actions.now ?? Date.now)());


function plan(snapshot: ServersSnapshot, request: RolloutRequest, nodes: readonly RolloutNode[]) {
  const planned = planBatches(nodes.map((n) => ({ node: n.node.name, servers: n.servers })), standingsOf(snapshot.records, backendsOf(nodes)), request.batch, removalOf(request.change));
  if (!planned.ok || request.change.kind !== 'restart') return planned;
  // A restart is only known to have worked once a check says UP: a server HAProxy does not check is named up front.
  const unchecked = nodes.flatMap((n) => n.servers).filter((ref) => snapshot.view(ref).status === 'no check');
  const notes = unchecked.map((ref) => `${ref.backend}/${ref.server} has no health check: HAProxy's UP will say nothing about its restart (add \`check\` to its server line)`);
  return { ok: true as const, value: { ...planned.value, notes: [...planned.value.notes, ...notes] } };
}

function journalTarget(title: string, nodes: readonly RolloutNode[], request: RolloutRequest): RolloutJournalTarget {
  return {
    title,
    node: nodes.map((n) => n.node.name).join(','),
    servers: nodes.flatMap((n) => n.servers.map((s) => `${s.backend}/${s.server}`)),
    ...(request.change.kind === 'restart' && { service: request.change.service }),
  };
}

/** Runs the batches in order, each batch's nodes side by side; saves after every step. */
async function runBatches(deps: RolloutDeps, lock: HeldHeadLock, first: RolloutProgress, nodes: readonly RolloutNode[], journal: { target: RolloutJournalTarget; id?: string }): Promise<RolloutExit> {
  let progress = first;
  let saving: Promise<unknown> = Promise.resolve();
  let saveFailure: string | undefined;
  const save = (next: RolloutProgress) => {
    progress = next;
    const snapshot = next;
    saving = saving.then(async () => {
      const written = await deps.store.write(snapshot);
      if (!written.ok) saveFailure ??= written.reason;
    });
    return saving;
  };
  const batches = first.batches;
  let batchNo = 0;
  const client = deps.actions.haproxy();
  const run: NodeRun = {
    actions: { ...deps.actions, heldLock: lock },
    client,
    request: first.request,
    checkTimeoutMs: deps.checkTimeoutMs ?? 60_000,
    note: (node, message) => deps.emit({ event: 'note', node, message }),
    phase: async (node, phase, detail) => {
      await save(withPhase(progress, [node], phase, at(deps)));
      deps.emit({ event: 'phase', node, phase, batch: batchNo, ...(detail !== undefined && { detail }) });
    },
  };
  const stop = async (node: string, reason: string): Promise<RolloutExit> => {
    await save(stoppedAt(progress, node, reason, at(deps)));
    const stopped = progress.stopped;
    deps.emit({ event: 'stopped', rollout: progress.title, node, phase: stopped?.phase ?? 'waiting', reason, done: doneNodes(progress), resume: RESUME_COMMAND });
    await journalResult(deps.actions, journal.target, journal.id, 'failed', {}, `stopped at ${node}: ${reason}`);
    return 1;
  };
  const started = (deps.actions.now ?? Date.now)();
  for (const batch of batches) {
    batchNo++;
    const todo = batch.filter((name) => progress.nodes.find((n) => n.node === name)?.phase !== 'done');
    if (todo.length === 0) continue;
    if (deps.signal?.aborted === true) return stop(todo[0] as string, 'cancelled before this batch; nothing of it was touched');
    const results = await Promise.all(
      todo.map(async (name) => {
        const target = nodes.find((n) => n.node.name === name);
        const own = progress.nodes.find((n) => n.node === name);
        if (target === undefined || own === undefined) return { ok: false as const, reason: `${name} is not part of this rollout` };
        return progress.request.change.kind === 'restart' ? restartNode(run, target, own.servers) : setNode(run, target);
      }),
    );
    await saving;
    const failedAt = todo.findIndex((_, i) => !results[i]?.ok);
    if (failedAt >= 0) {
      const r = results[failedAt];
      return stop(todo[failedAt] as string, r !== undefined && !r.ok ? r.reason : 'failed');
    }
    if (saveFailure !== undefined) return stop(batches[batchNo]?.[0] ?? (todo[0] as string), saveFailure);
    const lost = lock.lost();
    if (lost !== undefined) return stop(batches[batchNo]?.[0] ?? (todo[0] as string), `the head lock was lost: ${lost}`);
  }
  await save(finished(progress, at(deps)));
  await saving;
  deps.emit({ event: 'done', rollout: progress.title, nodes: progress.nodes.map((n) => n.node), seconds: ((deps.actions.now ?? Date.now)() - started) / 1000 });
  await journalResult(deps.actions, journal.target, journal.id, 'ok', {});
  return 0;
}

type Prepared = { ok: true; snapshot: ServersSnapshot; batches: readonly (readonly string[])[]; notes: readonly string[] } | { ok: false; reason: string };

async function prepare(client: HaproxyClient, request: RolloutRequest, nodes: readonly RolloutNode[]): Promise<Prepared> {
  const read = await readServers(client, backendsOf(nodes));
  if (!read.ok) return read;
  const planned = plan(read.value, request, nodes);
  return planned.ok ? { ok: true, snapshot: read.value, batches: planned.value.batches, notes: planned.value.notes } : planned;
}

export async function startRollout(deps: RolloutDeps, request: RolloutRequest, nodes: readonly RolloutNode[], options: RolloutOptions): Promise<RolloutExit> {
  const { actions } = deps;
  const title = describeRollout(request);
  const target = journalTarget(title, nodes, request);
  const refuse = async (reason: string, refusedBy: Extract<RolloutEvent, { event: 'refused' }>['refusedBy']): Promise<RolloutExit> => {
    deps.emit({ event: 'refused', rollout: title, reason, ...(refusedBy !== undefined && { refusedBy }) });
    if (refusedBy !== 'journal') await journalResult(actions, target, undefined, refusedBy === 'declined' ? 'declined' : 'refused', {}, reason);
    return refusedBy === 'journal' ? 2 : 1;
  };
  const first = await prepare(actions.haproxy(), request, nodes);
  if (!first.ok) return refuse(first.reason, 'guard');
  const id = randomBytes(6).toString('hex');
  if (options.dryRun) {
    const commands = await plannedCommands(actions.haproxy(), first.snapshot, request, nodes, actions.profile.head.name);
    deps.emit({ event: 'plan', rollout: title, id, dryRun: true, resumed: false, batches: first.batches, notes: first.notes, commands });
    const written = await journalDryRun(actions, target);
    if (!written.ok) deps.emit({ event: 'note', message: `warning: ${written.reason}` });
    return 0;
  }
  if (!options.yes && !(await actions.confirm(`${title} (${first.batches.map((b) => b.join('+')).join(', then ')}): each node is drained, changed and put back before the next. Go ahead?`))) {
    return refuse('not confirmed; nothing was changed', 'declined');
  }
  return withHeadLock<RolloutExit | Promise<RolloutExit>>(
    actions,
    title,
    request.lockWaitMs,
    async (lock) => {
      // Read and planned again inside the lock: another picon may have changed HAProxy meanwhile.
      const ready = await prepare(actions.haproxy(), request, nodes);
      if (!ready.ok) return refuse(ready.reason, 'guard');
      const now = at(deps).toISOString();
      const progress: RolloutProgress = {
        version: 1,
        id,
        profile: actions.profile.name,
        title,
        request,
        batches: ready.batches,
        nodes: nodes.map((n) => ({ node: n.node.name, phase: 'waiting', servers: savedOf(ready.snapshot, n) })),
        status: 'running',
        startedAt: now,
        updatedAt: now,
        process: actions.process ?? thisProcess(),
      };
      const written = await deps.store.write(progress);
      if (!written.ok) return refuse(`${written.reason}; nothing was changed`, 'journal');
      const intent = await journalIntent(actions, target, {});
      if (!intent.ok) return refuse(`${intent.reason}; nothing was changed`, 'journal');
      deps.emit({ event: 'plan', rollout: title, id, dryRun: false, resumed: false, batches: ready.batches, notes: ready.notes });
      return runBatches(deps, lock, progress, nodes, { target, ...(intent.id !== undefined && { id: intent.id }) });
    },
    (failure) => refuse(failure.hint !== undefined ? `${failure.reason}; ${failure.hint}` : failure.reason, 'lock'),
  );
}

export async function resumeRollout(deps: RolloutDeps, options: RolloutOptions & { readonly lockWaitMs?: number }): Promise<RolloutExit> {
  const { actions } = deps;
  const { profile } = actions;
  const title = 'rollout resume';
  const refuse = (reason: string, refusedBy: Extract<RolloutEvent, { event: 'refused' }>['refusedBy'] = 'resume'): RolloutExit => {
    deps.emit({ event: 'refused', rollout: title, reason, refusedBy });
    return refusedBy === 'journal' ? 2 : 1;
  };
  const stored = await deps.store.read();
  if (!stored.ok) return refuse(stored.reason);
  const saved = stored.value;
  const decide = async () => {
    const read = await readServers(actions.haproxy(), profile.haproxy.backends);
    if (!read.ok) return { ok: false as const, reason: read.reason };
    const decision = decideResume(saved, {
      profile: profile.name,
      file: deps.store.file,
      nodes: profile.nodes.map((n) => ({ name: n.name, services: n.services, servers: n.servers.map((s) => `${s.backend}/${s.server}`) })),
      haproxyServers: read.value.records.filter((r) => r.type === 'server').map((r) => `${r.proxy}/${r.service}`),
      isRunning: deps.isRunning,
    });
    return decision.ok ? { ok: true as const, decision: decision.value, snapshot: read.value } : decision;
  };
  const first = await decide();
  if (!first.ok || saved === undefined) return refuse(first.ok ? 'nothing saved' : first.reason);
  const request: RolloutRequest = { ...saved.request, ...(options.lockWaitMs !== undefined && { lockWaitMs: options.lockWaitMs }) };
  const resolved = resolveRollout(profile, { change: request.change, workers: first.decision.remaining.map((n) => n.node) });
  if (!resolved.ok) return refuse(resolved.reason);
  const nodes = resolved.value;
  const target = journalTarget(`${saved.title} (resumed)`, nodes, request);
  if (options.dryRun) {
    const planned = plan(first.snapshot, request, nodes);
    if (!planned.ok) return refuse(planned.reason, 'guard');
    const commands = await plannedCommands(actions.haproxy(), first.snapshot, request, nodes, profile.head.name);
    deps.emit({ event: 'plan', rollout: saved.title, id: saved.id, dryRun: true, resumed: true, batches: planned.value.batches, notes: planned.value.notes, commands });
    await journalDryRun(actions, target);
    return 0;
  }
  if (!options.yes && !(await actions.confirm(`resume ${saved.title}: ${nodes.map((n) => n.node.name).join(', ')} still to do (done: ${first.decision.done.join(', ') || 'none'}). Go ahead?`))) {
    return refuse('not confirmed; nothing was changed', 'declined');
  }
  return withHeadLock(
    actions,
    target.title,
    request.lockWaitMs,
    async (lock) => {
      // The cluster may have changed since it stopped: decided and planned again inside the lock.
      const again = await decide();
      if (!again.ok) return refuse(again.reason);
      const planned = plan(again.snapshot, request, nodes);
      if (!planned.ok) return refuse(planned.reason, 'guard');
      const fresh = new Map(nodes.map((n) => [n.node.name, n]));
      // A node the rollout never touched is restored to what it is now; one it touched, to what it was before.
      const nodesNow: NodeProgress[] = saved.nodes.map((n) => {
        const t = fresh.get(n.node);
        if (n.phase !== 'waiting' || t === undefined) return n.phase === 'done' ? n : { ...n, phase: 'waiting' };
        return { ...n, servers: savedOf(again.snapshot, t) };
      });
      const { stopped: _was, ...rest } = saved;
      const progress: RolloutProgress = { ...rest, request, nodes: nodesNow, batches: planned.value.batches, status: 'running', updatedAt: at(deps).toISOString(), process: actions.process ?? thisProcess() };
      const written = await deps.store.write(progress);
      if (!written.ok) return refuse(`${written.reason}; nothing was changed`, 'journal');
      const intent = await journalIntent(actions, target, {});
      if (!intent.ok) return refuse(`${intent.reason}; nothing was changed`, 'journal');
      deps.emit({ event: 'plan', rollout: saved.title, id: saved.id, dryRun: false, resumed: true, batches: planned.value.batches, notes: planned.value.notes });
      return runBatches(deps, lock, progress, nodes, { target, ...(intent.id !== undefined && { id: intent.id }) });
    },
    (failure) => refuse(failure.hint !== undefined ? `${failure.reason}; ${failure.hint}` : failure.reason, 'lock'),
  );
}
