import type { ActionReport } from '../../core/actions/action-report.js';
import type { ServerActionRequest } from '../../core/actions/action-request.js';
import type { ResolvedStep } from '../../core/actions/plan-step.js';
import type { ServerCommand } from '../../core/haproxy/runtime-commands.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { ServerRef } from '../../core/profile/profile.js';
import type { Result } from '../../core/result.js';
import type { NodePhase, SavedServer } from '../../core/rollout/rollout-progress.js';
import type { RolloutNode } from '../../core/rollout/resolve-rollout.js';
import type { RolloutRequest } from '../../core/rollout/rollout-request.js';
import { checkSaysUp } from '../../core/rollout/server-standing.js';
import { defaultSleep, type ActionDeps } from './action-deps.js';
import { readServers } from './read-servers.js';
import { runPlan } from './run-action.js';
import { waitForDrain } from './wait-for-drain.js';
import { journalIntent, journalResult } from './rollout-journal.js';

/**
 * One node's part of a rollout, step by step. Drain, restart, ready and weight go through the
 * action runner (run-action.ts: journaled, guarded, acting under the rollout's head lock); the
 * wait for sessions, the fresh check and the runtime lines only a rollout sends are here.
 */

export interface NodeRun {
  /** Acts under the rollout's head lock. */
  readonly actions: ActionDeps;
  readonly client: HaproxyClient;
  readonly request: RolloutRequest;
  readonly phase: (node: string, phase: NodePhase, detail?: string) => Promise<void>;
  readonly note: (node: string, message: string) => void;
  /** How long a restarted server's check may take to say UP. */
  readonly checkTimeoutMs: number;
}

const label = (s: { backend: string; server: string }) => `${s.backend}/${s.server}`;
const refOf = (s: SavedServer): ServerRef => ({ backend: s.backend, server: s.server });

async function step(run: NodeRun, resolved: ResolvedStep): Promise<Result<ActionReport>> {
  const [step] = await runPlan(run.actions, [resolved], { dryRun: false, yes: true });
  if (step === undefined || step.kind !== 'action') return { ok: false, reason: 'the step did not run' };
  const report = step.report;
  return report.result === 'ok' ? { ok: true, value: report } : { ok: false, reason: `${report.title}: ${report.reason ?? report.result}` };
}

function serverStep(run: NodeRun, request: Omit<ServerActionRequest, 'force' | 'lockWaitMs'> & { force?: boolean }, servers: readonly ServerRef[]): ResolvedStep {
  const lock = run.request.lockWaitMs !== undefined ? { lockWaitMs: run.request.lockWaitMs } : {};
  return { kind: 'set-servers', request: { force: false, ...request, ...lock }, servers };
}

/** A runtime line only a rollout sends, journaled as an intent and a result. */
async function runtimeLine(run: NodeRun, node: string, ref: ServerRef, command: ServerCommand, words: string): Promise<Result<void>> {
  const target = { title: `rollout: ${words} ${label(ref)}`, node, servers: [label(ref)] };
  const intent = await journalIntent(run.actions, target, {});
  if (!intent.ok) return { ok: false, reason: intent.reason };
  const sent = await run.client.act(ref, command);
  await journalResult(run.actions, target, intent.id, sent.ok ? 'ok' : 'failed', {}, sent.ok ? undefined : sent.reason);
  return sent.ok ? { ok: true, value: undefined } : { ok: false, reason: `${words} ${label(ref)}: ${sent.reason}` };
}

/** Polls `show stat` until every server's check says UP, or the time is up (then: what it says now). */
async function waitCheckedUp(run: NodeRun, servers: readonly SavedServer[]): Promise<Result<void>> {
  const now = run.actions.now ?? Date.now;
  const sleep = run.actions.sleep ?? defaultSleep;
  const deadline = now() + run.checkTimeoutMs;
  for (;;) {
    const read = await readServers(run.client, servers.map((s) => s.backend));
    const views = read.ok ? servers.map((s) => read.value.view(refOf(s))) : [];
    if (read.ok && views.every((v) => checkSaysUp(v.status))) return { ok: true, value: undefined };
    if (now() >= deadline) {
      const said = read.ok ? views.map((v) => `${label(v)} ${v.status ?? 'not found'}${v.checkStatus !== null ? ` (${v.checkStatus})` : ''}`).join(', ') : read.reason;
      return { ok: false, reason: `HAProxy's check does not say UP after ${Math.round(run.checkTimeoutMs / 1000)} s: ${said}` };
    }
    await sleep(run.actions.pollMs ?? 1000);
  }
}

/** Back as it was before the rollout: its admin state, then its weight where that differs. */
async function restore(run: NodeRun, node: string, saved: readonly SavedServer[]): Promise<Result<void>> {
  for (const s of saved) {
    const put = await step(run, serverStep(run, { kind: s.state, node, backend: s.backend, force: true }, [refOf(s)]));
    if (!put.ok) return put;
    const now = put.value.servers[0]?.after?.weight;
    if (s.weight !== null && now !== undefined && now !== null && now !== s.weight) {
      const weighed = await step(run, serverStep(run, { kind: 'weight', node, backend: s.backend, weight: { unit: 'absolute', amount: s.weight } }, [refOf(s)]));
      if (!weighed.ok) return weighed;
    }
  }
  return { ok: true, value: undefined };
}

/** drain → wait idle (→ shutdown sessions) → restart → health down → check UP → ready, restoring state and weight. */
export async function restartNode(run: NodeRun, target: RolloutNode, saved: readonly SavedServer[]): Promise<Result<void>> {
  const { request } = run;
  if (request.change.kind !== 'restart') return { ok: false, reason: 'not a restart' };
  const node = target.node.name;
  const inRotation = saved.filter((s) => s.state !== 'maint');
  const refs = inRotation.map(refOf);
  await run.phase(node, 'draining');
  if (refs.length > 0) {
    const drained = await step(run, serverStep(run, { kind: 'drain', node }, refs));
    if (!drained.ok) return drained;
    const idle = await waitForDrain(run.client, node, refs, {
      timeoutMs: request.waitIdleMs,
      pollMs: Math.min(run.actions.pollMs ?? 1000, 250),
      now: run.actions.now ?? Date.now,
      sleep: run.actions.sleep ?? defaultSleep,
      progress: (line) => run.note(node, line),
    });
    if (!idle.drained) {
      const left = `still ${idle.sessions ?? '?'} sessions after --wait-idle ${Math.round(request.waitIdleMs / 1000)} s`;
      if (!request.shutdownSessions) return { ok: false, reason: `${left}; add --shutdown-sessions to cut them, or give a longer --wait-idle` };
      run.note(node, `${left}: shutting them down (--shutdown-sessions)`);
      for (const ref of refs) {
        const cut = await runtimeLine(run, node, ref, { kind: 'shutdown-sessions' }, 'shutdown sessions server');
        if (!cut.ok) return cut;
      }
    }
  }
  await run.phase(node, 'restarting');
  const lock = request.lockWaitMs !== undefined ? { lockWaitMs: request.lockWaitMs } : {};
  const restarted = await step(run, { kind: 'restart-service', request: { kind: 'restart', node, service: request.change.service, ...lock }, node: target.node });
  if (!restarted.ok) return restarted;
  await run.phase(node, 'checking');
  const checked: SavedServer[] = [];
  for (const s of inRotation) {
    // Forced down, so only checks run after the restart can bring it UP again (not the UP from before).
    const down = await runtimeLine(run, node, refOf(s), { kind: 'health', health: 'down' }, 'set server health down');
    if (down.ok) checked.push(s);
    else run.note(node, `${down.reason}: HAProxy does not check ${label(s)}, so its UP says nothing about the restart`);
  }
  const up = await waitCheckedUp(run, checked);
  if (!up.ok) return up;
  await run.phase(node, 'readying');
  const restored = await restore(run, node, saved);
  if (!restored.ok) return restored;
  await run.phase(node, 'done');
  return { ok: true, value: undefined };
}

/** weight N or state S on one node, through the action runner (its own guard too). */
export async function setNode(run: NodeRun, target: RolloutNode): Promise<Result<void>> {
  const { change } = run.request;
  const node = target.node.name;
  await run.phase(node, 'setting');
  const request = change.kind === 'weight' ? { kind: 'weight' as const, node, weight: change.weight } : change.kind === 'state' ? { kind: change.state, node } : undefined;
  if (request === undefined) return { ok: false, reason: 'not a weight or state change' };
  const set = await step(run, serverStep(run, request, target.servers));
  if (!set.ok) return set;
  await run.phase(node, 'done');
  return { ok: true, value: undefined };
}
