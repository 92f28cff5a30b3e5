import type { ActionReport, PersistOutcome, PlannedCommand, ServerOutcome } from '../../core/actions/action-report.js';
import { describeRequest, isDestructive, removalFor, type ServerActionRequest } from '../../core/actions/action-request.js';
import { decideGuard } from '../../core/actions/guard-decision.js';
import { nodeServers } from '../../core/actions/node-targets.js';
import { resolveWeight } from '../../core/actions/weight-value.js';
import type { ServerRef } from '../../core/profile/profile.js';
import type { ServerAction } from '../haproxy/runtime-client.js';
import { defaultSleep, type ActionDeps, type ActionOptions } from './action-deps.js';
import type { RuntimeChange } from '../../core/actions/runtime-changes.js';
import { plannedReapply, reapply, readRuntimeChanges } from './keep-runtime-changes.js';
import { executePersist, planPersist, type PersistPlan } from './persist-weight.js';
import { readServers, type ServersSnapshot } from './read-servers.js';
import { waitForDrain } from './wait-for-drain.js';

/**
 * drain, ready, maint, weight: read the servers, check the guard, plan the exact runtime-API
 * lines for every process, confirm, send, (persist, wait), read back and report what is now true.
 */

interface Target {
  readonly ref: ServerRef;
  readonly action: ServerAction;
  readonly weight?: number;
}

function serverAction(request: ServerActionRequest, weight: number | undefined): ServerAction {
  if (request.kind === 'weight') return { kind: 'weight', weight: weight ?? 0 };
  return { kind: 'state', state: request.kind };
}

export async function runServerAction(deps: ActionDeps, request: ServerActionRequest, options: ActionOptions): Promise<ActionReport> {
  const { profile } = deps;
  const base = { action: request.kind, profile: profile.name, node: request.node, title: describeRequest(request), dryRun: options.dryRun, forced: [] as string[] };
  const end = (result: ActionReport['result'], rest: Partial<ActionReport>): ActionReport => ({ ...base, commands: [], servers: [], ...rest, result });

  const resolved = nodeServers(profile, request.node, request.backend);
  if (!resolved.ok) return end('refused', { reason: resolved.reason });
  const refs = resolved.value.servers;
  const backends = refs.map((r) => r.backend);

  let client = deps.haproxy();
  const before = await readServers(client, backends);
  if (!before.ok) return end('failed', { reason: before.reason });
  const snapshot = before.snapshot;
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
      if (!w.ok) return end('refused', unread({ reason: w.reason }));
      weight = w.weight;
    }
    targets.push({ ref, action: serverAction(request, weight), ...(weight !== undefined && { weight }) });
  }

  const guard = decideGuard(
    snapshot.perProcess,
    targets.map((t) => ({ ref: t.ref, removal: removalFor(request, t.weight) })),
    request.force,
  );
  if (!guard.proceed) return end('refused', unread({ reason: guard.reason, hint: guard.hint, refusedBy: 'guard' }));
  const forced = [...guard.overridden];

  const commands: PlannedCommand[] = [];
  for (const t of targets) {
    const plan = await client.plan(t.ref, t.action);
    if (!plan.ok) return end('failed', unread({ reason: plan.reason, forced }));
    for (const l of plan.plan.lines) commands.push({ node: profile.head.name, kind: 'runtime-api', socket: l.socket, process: l.process, line: l.line });
  }

  let persistPlan: PersistPlan | undefined;
  let keep: RuntimeChange[] = [];
  if (request.kind === 'weight' && request.persist === true) {
    const head = deps.transport(profile.head.name);
    const planned = await planPersist(profile, head, targets.map((t) => ({ ref: t.ref, weight: t.weight ?? 0 })), new Date((deps.now ?? Date.now)()));
    if (!planned.ok) return end('refused', unread({ reason: `--persist: ${planned.reason}`, forced, commands }));
    persistPlan = planned.plan;
    commands.push(...planned.plan.commands);
    if (planned.plan.stateFile === undefined) {
      const read = await readRuntimeChanges(client, refs);
      if (!read.ok) return end('refused', unread({ reason: `--persist: ${read.reason}`, forced, commands }));
      keep = read.changes;
      commands.push(...(await plannedReapply(profile, client, keep)));
    }
  }

  if (options.dryRun) return end('ok', unread({ forced, commands }));

  if (isDestructive(request) && !options.yes) {
    const list = refs.map((r) => `${r.backend}/${r.server}`).join(', ');
    const confirmed = await deps.confirm(`${base.title}: takes ${list} out of service. Go ahead?`);
    if (!confirmed) return end('declined', unread({ reason: 'not confirmed; nothing was changed', forced, commands }));
  }

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
    persist = await executePersist(profile, head, persistPlan, {
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

  const drain = request.wait !== undefined && allSent
    ? await waitForDrain(client, request.node, refs, {
      timeoutMs: request.wait.timeoutMs,
      pollMs: deps.pollMs ?? 1000,
      now: deps.now ?? Date.now,
      sleep: deps.sleep ?? defaultSleep,
      ...(deps.progress !== undefined && { progress: deps.progress }),
    })
    : undefined;

  const after = await readServers(client, backends);
  const servers = results.map((r) => ({
    ...outcome(r.target.ref, snapshot, after.ok ? after.snapshot : null, r.ok, r.reason),
    ...(r.target.weight !== undefined && { weight: r.target.weight }),
  }));
  const failures = [
    ...results.filter((r) => !r.ok).map((r) => `${r.target.ref.backend}/${r.target.ref.server}: ${r.reason ?? ''}`),
    ...(persist !== undefined && !persist.ok ? [`--persist: ${persist.reason ?? ''}`] : []),
    ...(drain !== undefined && !drain.drained ? [`still ${drain.sessions ?? '?'} sessions after the --wait-timeout`] : []),
    ...(after.ok ? [] : [`state not read back: ${after.reason}`]),
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
