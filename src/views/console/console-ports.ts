import type { ActionReport } from '../../core/actions/action-report.js';
import type { ResolvedAction } from '../../core/actions/resolve-action.js';
import type { ClusterMessage } from '../../core/cluster/cluster-message.js';
import type { ClusterState, LoadTestActivity } from '../../core/cluster/cluster-state.js';
import type { RunRecord } from '../../core/loadtest/run-record.js';
import type { Profile } from '../../core/profile/profile.js';
import type { RolloutEvent } from '../../core/rollout/rollout-events.js';
import type { RolloutRequest } from '../../core/rollout/rollout-request.js';

/**
 * What the console needs from outside, as interfaces: the composition root
 * (src/cli/commands/console.ts) wires the real monitor, actions and load tests; tests wire fakes.
 */

export interface ClusterSource {
  getState(): ClusterState;
  dispatch(message: ClusterMessage): void;
  subscribe(listener: (state: ClusterState) => void): () => void;
}

/** The same runAction the command line uses, already confirmed by the console's dialog. */
export interface ActionRunner {
  run(action: ResolvedAction, progress: (line: string) => void): Promise<ActionReport>;
}

/** A rollout (src/adapters/actions/run-rollout.ts), already confirmed; each event as it happens; aborted: stops before its next batch. */
export interface RolloutRunner {
  run(request: RolloutRequest, onEvent: (event: RolloutEvent) => void, signal: AbortSignal): Promise<number>;
}

/** Runs one preset through the load-test orchestration, reporting as it goes. */
export interface LoadTestRunner {
  run(preset: string, report: (activity: LoadTestActivity) => void, signal: AbortSignal): Promise<void>;
}

/** The load-test history (the file `picon bench history` reads), this profile's runs only. */
export interface LoadTestHistory {
  /** The last `limit` runs, newest last. */
  recent(limit: number): Promise<readonly RunRecord[]>;
}

/** Where a passphrase typed into the console's dialog goes (undefined: the user skipped the key). */
export interface PassphraseAnswers {
  answer(passphrase: string | undefined): void;
}

export interface ConsoleDeps {
  readonly profile: Profile;
  readonly cluster: ClusterSource;
  readonly readOnly: boolean;
  readonly actions?: ActionRunner;
  readonly loadTests?: LoadTestRunner;
  readonly rollouts?: RolloutRunner;
  /** Without it (tests) the results view has no runs to show. */
  readonly loadTestHistory?: LoadTestHistory;
  /** Answers the passphrase dialog a connection opened (console/passphrase-broker.ts). */
  readonly passphrases?: PassphraseAnswers;
  /** Check a node's services on its next poll (after a restart, so the new state shows at once). */
  readonly recheckServices?: (node: string) => void;
  /** Poll HAProxy now (after an action, so its result shows at once). */
  readonly refresh?: () => void;
  readonly now: () => number;
  /** Leave the console (the command restores the terminal and closes connections). */
  readonly quit: () => void;
  /** False under NO_COLOR: tones use bold/inverse/dim only. */
  readonly color: boolean;
  /**
   * The panes are drawn straight to the terminal by a painter of the console command's
   * (direct/pane-painter.ts), not by Ink: Ink gets blank boxes in their place and React renders
   * only when the layout changes (size, view, dialogs, node count). A real terminal only.
   */
  readonly directPanes?: DirectPanes;
}

export interface DirectPanes {
  /** The terminal size the screen is being laid out for (told on every render: the panes follow the frame Ink draws, not the terminal ahead of it). */
  laidOut(size: { readonly columns: number; readonly rows: number }): void;
}
