import type { ActionReport } from '../../core/actions/action-report.js';
import { describeRequest } from '../../core/actions/action-request.js';
import { catalogEntry, consequenceOf, describeAction, needsConfirmation, readOnlyRefusal, type ActionName, type CatalogRequest } from '../../core/actions/catalog.js';
import { reportLine, reportSummary } from '../../core/actions/report-text.js';
import { forcedAction, resolveAction, type ResolvedAction } from '../../core/actions/resolve-action.js';
import { eventLine, type RolloutEvent } from '../../core/rollout/rollout-events.js';
import { progressLine, type NodePhase } from '../../core/rollout/rollout-progress.js';
import { resolveRollout } from '../../core/rollout/resolve-rollout.js';
import { describeRollout, isRolloutRequest, type RolloutRequest } from '../../core/rollout/rollout-request.js';
import { success } from '../../core/result.js';
import type { LoadTestActivity } from '../../core/cluster/cluster-state.js';
import type { Dialog } from './console-state.js';
import type { ConsoleDeps } from './console-ports.js';
import type { RunsLoader } from './recent-runs.js';
import type { UiStore } from './ui-store.js';

/**
 * From an intent to a running action: refused under --read-only (the catalog's rule, applied
 * here for the whole console), confirmed when the catalog says so,
 * run it through the shared runAction, show progress and result in place and in the event log,
 * and turn a last-UP-guard refusal into a dialog that only an explicit Force passes.
 */

export function confirmDialog(action: ResolvedAction | RolloutRequest): Dialog {
  if (isRolloutRequest(action)) return { kind: 'confirm', action, title: `${describeRollout(action)}?`, lines: [consequenceOf(action)], variant: 'confirm', focus: 'cancel' };
  const { request } = action;
  return { kind: 'confirm', action, title: `${describeRequest(request)}?`, lines: [consequenceOf(request)], variant: 'confirm', focus: 'cancel' };
}

/** The last-UP guard said no: the report says so and how to force it. */
export function isGuardRefusal(report: ActionReport): boolean {
  return report.result === 'refused' && report.refusedBy === 'guard';
}

export function forceDialog(action: ResolvedAction, report: ActionReport): Dialog {
  const { request } = action;
  return {
    kind: 'confirm',
    action: forcedAction(action),
    title: `${describeRequest(request)}: last server taking traffic`,
    lines: [report.reason ?? 'refused by the last-UP guard', 'Forcing it leaves the backend without a server: clients get 503 until one is back.'],
    variant: 'force',
    focus: 'cancel',
  };
}

export interface ActionFlow {
  /** Asks first when needed, then runs; a load test starts. `resolved`: the request already resolved (the `:` line did). */
  request(request: CatalogRequest, resolved?: ResolvedAction): void;
  /** The --read-only rule for `name`: flashes the refusal and says true when refused. */
  refused(name: ActionName, title: string): boolean;
  /** Runs now (the dialog was confirmed): the action as resolved when it was asked for. */
  execute(action: ResolvedAction | RolloutRequest): Promise<void>;
  startLoadTest(preset: string): void;
  cancelLoadTest(): boolean;
  /** Esc while a rollout runs: it stops before its next batch (the progress says where to resume). */
  cancelRollout(): boolean;
}

/** `runs`: read again when a load test ends (its run is in the history by then). */
export function createActionFlow(deps: ConsoleDeps, ui: UiStore, runs?: RunsLoader): ActionFlow {
  const flash = (text: string, level: 'info' | 'warn' | 'error' = 'info') => ui.dispatch({ type: 'flash', flash: { text, level, at: deps.now() } });
  let loadTest: AbortController | undefined;
  let rollout: { readonly controller: AbortController; readonly id: number } | undefined;

  /** Per-node progress in the action's event line, as it goes; Esc stops it before the next batch. */
  async function executeRollout(request: RolloutRequest): Promise<void> {
    const label = describeRollout(request);
    const runner = deps.rollouts;
    if (runner === undefined) return flash(`${label}: rollouts are not available in this console; run \`picon ${label}\``, 'error');
    if (rollout !== undefined) return flash('a rollout is already running (Esc stops it)', 'warn');
    const { cluster } = deps;
    const id = cluster.getState().nextId;
    cluster.dispatch({ type: 'action-started', at: deps.now(), label, target: request.workers === 'all' ? 'every worker' : request.workers.join(',') });
    const phases = new Map<string, NodePhase>();
    const controller = new AbortController();
    const running = { controller, id };
    rollout = running;
    const onEvent = (event: RolloutEvent) => {
      if (event.event === 'plan') for (const node of event.batches.flat()) phases.set(node, 'waiting');
      if (event.event === 'phase') phases.set(event.node, event.phase);
      const text = event.event === 'phase' || event.event === 'plan' ? progressLine({ nodes: [...phases].map(([node, phase]) => ({ node, phase, servers: [] })) }) : eventLine(event);
      const state = event.event === 'done' ? 'done' : event.event === 'stopped' || event.event === 'refused' ? 'failed' : undefined;
      if (text !== undefined) cluster.dispatch({ type: 'action-progress', at: deps.now(), id, message: text, ...(state !== undefined && { state }) });
      if (state !== undefined) flash(text ?? label, state === 'done' ? 'info' : 'error');
      deps.refresh?.();
    };
    try {
      await runner.run(request, onEvent, controller.signal);
    } catch (error) {
      cluster.dispatch({ type: 'action-progress', at: deps.now(), id, message: `failed: ${error instanceof Error ? error.message : String(error)}`, state: 'failed' });
    } finally {
      if (rollout === running) rollout = undefined;
    }
  }

  async function execute(action: ResolvedAction | RolloutRequest): Promise<void> {
    if (isRolloutRequest(action)) return executeRollout(action);
    const { request } = action;
    const label = describeRequest(request) + (request.kind !== 'restart' && request.force ? ' (forced)' : '');
    const runner = deps.actions;
    if (runner === undefined) return flash(`${label}: actions are not available in this console`, 'error');
    const { cluster } = deps;
    const id = cluster.getState().nextId;
    cluster.dispatch({ type: 'action-started', at: deps.now(), label, target: request.node });
    const progress = (message: string) => cluster.dispatch({ type: 'action-progress', at: deps.now(), id, message });
    let report: ActionReport;
    try {
      report = await runner.run(action, progress);
    } catch (error) {
      cluster.dispatch({ type: 'action-progress', at: deps.now(), id, message: `failed: ${error instanceof Error ? error.message : String(error)}`, state: 'failed' });
      return;
    }
    if (isGuardRefusal(report)) {
      cluster.dispatch({ type: 'action-progress', at: deps.now(), id, message: report.reason ?? 'refused: last server taking traffic', state: 'failed' });
      ui.dispatch({ type: 'open', dialog: forceDialog(action, report) });
      return;
    }
    // The command line's words: the event log's entry names the action already, the flash says it whole.
    cluster.dispatch({ type: 'action-progress', at: deps.now(), id, message: reportSummary(report), state: report.result === 'ok' ? 'done' : 'failed' });
    flash(reportLine(report, label), report.result === 'ok' ? 'info' : 'error');
    if (report.auditWarning !== undefined) cluster.dispatch({ type: 'log', at: deps.now(), level: 'warn', text: report.auditWarning });
    deps.refresh?.();
    if (request.kind === 'restart') deps.recheckServices?.(request.node);
  }

  function refused(name: ActionName, title: string): boolean {
    const refusal = readOnlyRefusal(deps.readOnly, title, catalogEntry(name).effect);
    if (refusal !== undefined) flash(refusal, 'error');
    return refusal !== undefined;
  }

  function startLoadTest(preset: string): void {
    const runner = deps.loadTests;
    if (runner === undefined) return flash(`load test ${preset}: not available in this console; run \`picon bench ${preset}\``, 'error');
    if (loadTest !== undefined) return flash('a load test is already running (b, then Enter on "stop" ends it)', 'warn');
    const controller = new AbortController();
    loadTest = controller;
    const report = (activity: LoadTestActivity) => deps.cluster.dispatch({ type: 'load-test', at: deps.now(), activity });
    void runner
      .run(preset, report, controller.signal)
      .catch((error: unknown) =>
        report({ label: preset, state: 'failed', startedAt: deps.now(), summary: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        if (loadTest === controller) loadTest = undefined;
        runs?.reload();
      });
  }

  const flow: ActionFlow = {
    refused,
    request(request, resolved) {
      if (refused(request.kind, describeAction(request))) return;
      if (request.kind === 'bench') return startLoadTest(request.preset);
      if (request.kind === 'rollout') {
        const nodes = resolveRollout(deps.profile, request);
        if (!nodes.ok) return flash(nodes.reason, 'warn');
        return ui.dispatch({ type: 'open', dialog: confirmDialog(request) });
      }
      // Resolved once (here, or by the `:` line): the dialog holds it and the runner acts on exactly these targets.
      const action = resolved !== undefined ? success(resolved) : resolveAction(deps.profile, request);
      if (!action.ok) return flash(action.reason, 'warn');
      if (needsConfirmation(request)) ui.dispatch({ type: 'open', dialog: confirmDialog(action.value) });
      else void execute(action.value);
    },
    execute,
    startLoadTest(preset) {
      flow.request({ kind: 'bench', preset });
    },
    cancelLoadTest() {
      if (loadTest === undefined) return false;
      loadTest.abort();
      return true;
    },
    cancelRollout() {
      if (rollout === undefined || rollout.controller.signal.aborted) return false;
      rollout.controller.abort();
      deps.cluster.dispatch({ type: 'action-progress', at: deps.now(), id: rollout.id, message: 'stopping before the next batch (the nodes in hand go back into service first)' });
      return true;
    },
  };
  return flow;
}
