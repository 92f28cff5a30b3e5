import type { ActionReport, DrainWaitOutcome, PersistOutcome, PlannedCommand, ServerOutcome } from '../../core/actions/action-report.js';
import { describeRequest, removalFor, type ServerActionRequest } from '../../core/actions/action-request.js';
import { confirmQuestion, needsConfirmation } from '../../core/actions/catalog.js';
import { decideGuard } from '../../core/actions/guard-decision.js';
import type { ResolvedServerStep } from '../../core/actions/plan-step.js';
import { resolveWeight } from '../../core/actions/weight-value.js';
import type { ServerRef } from '../../core/profile/profile.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { ServerChange } from '../../core/haproxy/runtime-commands.js';
import { defaultSleep, type ActionDeps, type ActionOptions } from './action-deps.js';
import type { RuntimeChange } from '../../core/actions/runtime-changes.js';
import { plannedReapply, reapply, readRuntimeChanges } from './keep-runtime-changes.js';
import { withHeadLock, type HeldHeadLock } from './head-lock.js';
import { executePersist, planPersist, type PersistPlan } from './persist-weight.js';
import { readServers, type ServersSnapshot } from './read-servers.js';
import { waitForDrain } from './wait-for-drain.js';

/**
 * drain, ready, maint, weight: read the servers, check the guard, plan the exact runtime-API
 * lines for every process, confirm, then — holding the head lock — read and check again, send,
 * (persist), read back and report what is now true; a drain's --wait after letting the lock go.
 */

interface Target {
  readonly ref: ServerRef;
  readonly action: ServerChange;
  readonly weight?: number;
}

function serverAction(request: ServerActionRequest, weight: number | undefined): ServerChange {
  if (request.kind === 'weight') return { kind: 'weight', weight: weight ?? 0 };
  return { kind: 'state', state: request.kind };
}

type End = (result: ActionReport['result'], rest: Partial<ActionReport>) => ActionReport;

/** What was read and decided before acting: the servers, the guard, the exact commands. */
interface Prepared {
  readonly client: HaproxyClient;
  readonly snapshot: ServersSnapshot;
  readonly targets: readonly Target[];
  readonly forced: string[];
  readonly commands: PlannedCommand[];
  readonly persistPlan?: PersistPlan;
  readonly keep: RuntimeChange[];
  /** The report's servers as read before, with nothing read after. */
  readonly unread: (extra: Partial<ActionReport>) => Partial<ActionReport>;
}

export async function runServerAction(deps: ActionDeps, step: ResolvedServerStep, options: ActionOptions): Promise<ActionReport> {
  const { profile } = deps;
  const { request, servers: refs } = step;
  const base = { action: request.kind, profile: profile.name, node: request.node, title: describeRequest(request), dryRun: options.dryRun, forced: [] as string[] };
  const end: End = (result, rest) => ({ ...base, commands: [], servers: [], ...rest, result });


  // A dry run takes no lock; a question is asked before the lock is taken (nobody waits on an
  // operator), and the guard is checked before asking — and again inside the lock.
  if (options.dryRun || (needsConfirmation(request) && !options.yes)) {
    const first = await prepare(deps, request, refs, end);
    if (!first.ok) return first.report;
    if (options.dryRun) return end('ok', first.prepared.unread({ forced: first.prepared.forced, commands: first.prepared.commands }));
    const confirmed = await deps.confirm(confirmQuestion(request, refs.map((r) => `${r.backend}/${r.server}`)));
    if (!confirmed) return end('declined', first.prepared.unread({ reason: 'not confirmed; nothing was changed', forced: first.prepared.forced, commands: first.prepared.commands }));
  }
  return withHeadLock(deps, base.title, request.lockWaitMs, (lock) => actLocked(deps, request, refs, end, lock), (failure) =>
    end('refused', { reason: failure.reason, refusedBy: 'lock', ...(failure.hint !== undefined && { hint: failure.hint }) }),
  );
}

async function prepare(deps: ActionDeps, request: ServerActionRequest, refs: readonly ServerRef[], end: End): Promise<{ ok: true; prepared: Prepared } | { ok: false; report: ActionReport }> {
  const { profile } = deps;
  const refused = (result: ActionReport['result'], rest: Partial<ActionReport>) => ({ ok: false as const, report: end(result, rest) });
  const client = deps.haproxy();
  const before = await readServers(client, refs.map((r) => r.backend));
  if (!before.ok) return refused('failed', { reason: before.reason });
  const snapshot = before.value;
  const targets: Target[] = [];
  const weightOf = (ref: ServerRef) => targets.find((t) => t.ref === ref)?.weight;
  const unread = (extra: Partial<ActionReport>) => ({
    servers: refs.map((ref) => {
      const weight = weightOf(ref);
      return { ...outcome(ref, snapshot, null, true), ...(weight !== undefined && { weight }) };
    }),
    ...extra,
  });

  for (const ref of refs) {
    let weight: number | undefined;
    if (request.kind === 'weight' && request.weight !== undefined) {
      const w = resolveWeight(request.weight, snapshot.view(ref).configuredWeight ?? undefined, `${ref.backend}/${ref.server}`);
      if (!w.ok) return refused('refused', unread({ reason: w.reason }));
      weight = w.value;
    }
    targets.push({ ref, action: serverAction(request, weight), ...(weight !== undefined && { weight }) });
  }

  const guard = decideGuard(
    snapshot.perProcess,
    targets.map((t) => ({ ref: t.ref, removal: removalFor(request, t.weight) })),
    request.force,
  );
  if (!guard.proceed) return refused('refused', unread({ reason: guard.reason, hint: guard.hint, refusedBy: 'guard' }));
  const forced = [...guard.overridden];

  const commands: PlannedCommand[] = [];
  for (const t of targets) {
    const plan = await client.plan(t.ref, t.action);
    if (!plan.ok) return refused('failed', unread({ reason: plan.reason, forced }));
    for (const l of plan.plan.lines) commands.push({ node: profile.head.name, kind: 'runtime-api', socket: l.socket, process: l.process, line: l.line });
  }

  let persistPlan: PersistPlan | undefined;
  let keep: RuntimeChange[] = [];
  if (request.kind === 'weight' && request.persist === true) {
    const head = deps.transport(profile.head.name);
    const planned = await planPersist(profile, head, targets.map((t) => ({ ref: t.ref, weight: t.weight ?? 0 })), new Date((deps.now ?? Date.now)()));
    if (!planned.ok) return refused('refused', unread({ reason: `--persist: ${planned.reason}`, forced, commands }));
    persistPlan = planned.value;
    commands.push(...planned.value.commands);
    if (planned.value.stateFile === undefined) {
      const read = await readRuntimeChanges(client, refs);
      if (!read.ok) return refused('refused', unread({ reason: `--persist: ${read.reason}`, forced, commands }));
      keep = read.value;
      commands.push(...(await plannedReapply(profile, client, keep)));
    }
  }
  return { ok: true, prepared: { client, snapshot, targets, forced, commands, keep, unread, ...(persistPlan !== undefined && { persistPlan }) } };
}

/** Inside the head lock: read and check again, send, persist, read back. A drain's --wait runs after the lock is let go. */
async function actLocked(deps: ActionDeps, request: ServerActionRequest, refs: readonly ServerRef[], end: End, lock: HeldHeadLock): Promise<ActionReport> {
  const { profile } = deps;
  const ready = await prepare(deps, request, refs, end);
  if (!ready.ok) return ready.report;
  const { snapshot, targets, forced, commands, persistPlan, keep, unread } = ready.prepared;
  let client = ready.prepared.client;

  const recorded = await deps.journal?.intent(end('ok', unread({ forced, commands })));
  if (recorded?.ok === false) return end('refused', unread({ reason: recorded.reason, refusedBy: 'journal', forced, commands }));

  const results: { target: Target; ok: boolean; reason?: string }[] = [];
  for (const t of targets) {
    const r = await client.act(t.ref, t.action);
    results.push({ target: t, ok: r.ok, ...(!r.ok && { reason: r.reason }) });
  }
  const allSent = results.every((r) => r.ok);

  let persist: PersistOutcome | undefined;
  if (persistPlan !== undefined && allSent) {
    const head = deps.transport(profile.head.name);
    persist = await executePersist(profile, head, client, persistPlan, {
      timeoutMs: deps.commandTimeoutMs ?? 60_000,
      ...(request.backend !== undefined && { backend: request.backend }),
      ...(deps.progress !== undefined && { progress: deps.progress }),
    });
    if (persist.reloaded) {
      // A reload replaced the workers: a new client reads the new worker list.
      client = deps.haproxy();
      const kept = await reapply(client, keep);
      persist = {
        ...persist,
        reapplied: kept.kept,
        ...(kept.failed.length > 0 && { ok: false, reason: `reloaded, but these runtime changes were lost: ${kept.failed.join('; ')}` }),
      };
    }
  }
  const lockLost = lock.lost();

  let drain: DrainWaitOutcome | undefined;
  if (request.wait !== undefined && allSent) {
    // The drain is done once HAProxy has the new state; waiting for sessions to end changes nothing.
    await lock.release();
    drain = await waitForDrain(client, request.node, refs, {
      timeoutMs: request.wait.timeoutMs,
      pollMs: deps.pollMs ?? 1000,
      now: deps.now ?? Date.now,
      sleep: deps.sleep ?? defaultSleep,
      ...(deps.progress !== undefined && { progress: deps.progress }),
    });
  }

  const after = await readServers(client, refs.map((r) => r.backend));
  const servers = results.map((r) => ({
    ...outcome(r.target.ref, snapshot, after.ok ? after.value : null, r.ok, r.reason),
    ...(r.target.weight !== undefined && { weight: r.target.weight }),
  }));
  const failures = [
    ...results.filter((r) => !r.ok).map((r) => `${r.target.ref.backend}/${r.target.ref.server}: ${r.reason ?? ''}`),
    ...(persist !== undefined && !persist.ok ? [`--persist: ${persist.reason ?? ''}`] : []),
    ...(drain !== undefined && !drain.drained ? [`still ${drain.sessions ?? '?'} sessions after the --wait-timeout`] : []),
    ...(after.ok ? [] : [`state not read back: ${after.reason}`]),
    ...(lockLost !== undefined ? [`the head lock was lost while acting: ${lockLost}`] : []),
  ];
  const rest = {
    forced,
    commands,
    servers,
    ...(drain !== undefined && { drain }),
    ...(persist !== undefined && { persist }),
  };
  return failures.length === 0 ? end('ok', rest) : end('failed', { ...rest, reason: failures.join('; ') });
}

function outcome(ref: ServerRef, before: ServersSnapshot, after: ServersSnapshot | null, ok: boolean, reason?: string): ServerOutcome {
  return { target: ref, ok, ...(reason !== undefined && { reason }), before: before.view(ref), after: after === null ? null : after.view(ref) };
}
