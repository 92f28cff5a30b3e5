import { runAction } from '../../adapters/actions/run-action.js';
import { caOfPlan } from '../../adapters/loadtest/ca-file.js';
import { notSavedLine, readHistory } from '../../adapters/loadtest/history-store.js';
import { runLoadTest } from '../../adapters/loadtest/run-load-test.js';
import { flagNames, isFlagged } from '../../core/loadtest/record-flags.js';
import { reportInterrupted } from '../../adapters/actions/interrupted-actions.js';
import type { ClusterStore } from '../../adapters/monitor/cluster-store.js';
import { clusterCurrentState } from '../../core/cluster/cluster-current.js';
import type { LoadTestActivity } from '../../core/cluster/cluster-state.js';
import { planRun } from '../../core/loadtest/run-plan.js';
import { runLabel } from '../../core/loadtest/run-record.js';
import type { Profile } from '../../core/profile/profile.js';
import type { ActionRunner, LoadTestHistory, LoadTestRunner, RolloutRunner } from '../../views/console/console-ports.js';
import { isRunning } from '../../adapters/actions/process-identity.js';
import { progressFile, progressStore } from '../../adapters/actions/rollout-progress-file.js';
import { startRollout } from '../../adapters/actions/run-rollout.js';
import { resolveRollout } from '../../core/rollout/resolve-rollout.js';
import { describeRollout } from '../../core/rollout/rollout-request.js';
import type { Runtime } from '../runtime.js';

/** The console's ports, from the runtime the command line uses too. */

/** runAction with the runtime's deps; the console's dialog has already confirmed. */
export function consoleActionRunner(runtime: Runtime, dryRun: boolean): ActionRunner {
  return {
    async run(action, progress) {
      return runAction(await runtime.actionDeps({ confirm: async () => true, progress }), action, { dryRun, yes: true });
    },
  };
}

/** A rollout through the runner `picon rollout` uses; the console's dialog has already confirmed. */
export function consoleRolloutRunner(runtime: Runtime, env: NodeJS.ProcessEnv, dryRun: boolean): RolloutRunner {
  return {
    async run(request, onEvent, signal) {
      const profile = await runtime.profile();
      const nodes = resolveRollout(profile, request);
      if (!nodes.ok) {
        onEvent({ event: 'refused', rollout: describeRollout(request), reason: nodes.reason });
        return 2;
      }
      const actions = await runtime.actionDeps({ confirm: async () => true });
      const store = progressStore(progressFile(env, profile.name));
      return startRollout({ actions, store, emit: onEvent, isRunning, signal }, request, nodes.value, { dryRun, yes: true });
    },
  };
}

/**
 * Once HAProxy has been read (or could not be): actions the journal shows interrupted, each told
 * once with what HAProxy says now, and closed in the journal (docs/actions.md).
 */
export function reportInterruptedOnce(profile: Profile, store: ClusterStore, auditFile: string, tell: (level: 'warn', text: string) => void): () => void {
  let done = false;
  const check = (state: ReturnType<ClusterStore['getState']>): void => {
    if (done || state.haproxy.state === 'connecting') return;
    done = true;
    unsubscribe();
    void reportInterrupted(auditFile, profile.name, clusterCurrentState(state), { by: 'the console' }).then((found) => {
      for (const a of found.actions) tell('warn', a.message);
      for (const w of found.warnings) tell('warn', w);
    });
  };
  const unsubscribe = store.subscribe(check);
  check(store.getState());
  return unsubscribe;
}

/** A preset through runLoadTest (the orchestration `picon bench` uses), reported as activity. */
export function consoleLoadTestRunner(profile: Profile, runtime: Runtime, now: () => number): LoadTestRunner {
  return {
    async run(preset, report, signal) {
      const startedAt = now();
      const file = await runtime.historyFile();
      const planned = planRun(profile, preset);
      if (!planned.ok) return report({ label: preset, state: 'failed', startedAt, summary: planned.reason });
      const plan = planned.value;
      const ca = await caOfPlan(plan, false);
      if (ca !== undefined && !ca.ok) return report({ label: preset, state: 'failed', startedAt, summary: ca.reason });
      // The console shows what is written to stderr in its events pane.
      const deps = await runtime.loadTestDeps(plan, (line) => process.stderr.write(`picon: ${line}\n`), ca?.value);
      const base = { label: preset, startedAt };
      report({ ...base, state: 'running', progress: 0 });
      const outcome = await runLoadTest(
        {
          plan,
          profile: profile.name,
          label: runLabel(plan, profile.workers.find((w) => w.name === plan.node)?.model),
          signal,
          onProgress: (p) => {
            const fraction =
              plan.limit.kind === 'requests'
                ? p.completed === undefined ? undefined : p.completed / plan.limit.requests
                : p.elapsedMs / 1000 / plan.limit.seconds;
            const activity: LoadTestActivity = {
              ...base,
              state: 'running',
              ...(fraction !== undefined && { progress: Math.min(1, fraction) }),
              ...(p.currentRps !== undefined && { requestsPerSecond: p.currentRps }),
              ...(p.completed !== undefined && { completed: p.completed }),
              ...(p.errors !== undefined && { errors: p.errors }),
            };
            report(activity);
          },
        },
        deps,
      );
      if (!outcome.ok) return report({ ...base, state: outcome.cancelled ? 'cancelled' : 'failed', summary: outcome.reason });
      const r = outcome.record.result;
      const p50 = r.latency.p50Ms === null ? '' : `, p50 ${r.latency.p50Ms.toFixed(1)} ms`;
      report({
        ...base,
        state: 'done',
        progress: 1,
        requestsPerSecond: r.requestsPerSecond,
        completed: r.completed,
        errors: r.failed,
        throttled: isFlagged(outcome.record),
        summary: `${Math.round(r.requestsPerSecond)} req/s${p50}, ${r.completed} responses, ${r.failed} failed, ${r.non2xx} non-2xx${isFlagged(outcome.record) ? `, flagged (${flagNames(outcome.record).join(', ')})` : ''}${outcome.saveError !== undefined ? `; ${notSavedLine(file, outcome.saveError)}` : ''}`,
      });
    },
  };
}

/** The history file `picon bench history` reads, this profile's runs only (lines it cannot read are skipped, as there). */
export function consoleLoadTestHistory(profile: Profile, runtime: Runtime): LoadTestHistory {
  return {
    async recent(limit) {
      const history = await readHistory(await runtime.historyFile());
      return history.records.filter((r) => r.profile === profile.name).slice(-limit);
    },
  };
}
