import type { ClusterState } from '../../../core/cluster/cluster-state.js';
import type { UiState } from '../console-state.js';

/** What a pane's lines are built from: one clock, the cluster, the UI state and the terminal size. */
export interface PaneView {
  readonly now: number;
  readonly cluster: ClusterState;
  readonly ui: UiState;
  readonly size: { readonly columns: number; readonly rows: number };
  readonly readOnly: boolean;
}
