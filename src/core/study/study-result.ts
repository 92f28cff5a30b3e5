import type { Bottleneck } from '../loadtest/bottleneck.js';
import type { EngineName } from '../loadtest/load-test-result.js';

/**
 * What a study measured and everything a report of it needs: the columns (targets) with their
 * headings, the endpoints, per endpoint and column one cell (the median of its rounds with its
 * spread, the flagged runs left out), the scaling line per endpoint, and the cluster's state.
 * Pure data; `picon study --json` prints it, the history keeps it (with the runs), a report
 * renders it. Fields are only ever added, never renamed.
 */

export const STUDY_RESULT_VERSION = 1;

/**
 * What a column measures: the cluster through HAProxy (to the nginx backend), through HAProxy
 * straight to the apps, through HAProxy over https, or one worker alone via its nginx or its app.
 */
export const STUDY_TARGET_KINDS = ['cluster', 'cluster-app', 'cluster-tls', 'nginx', 'app'] as const;
export type StudyTargetKind = (typeof STUDY_TARGET_KINDS)[number];

export interface StudyColumn {
  /** Stable key: "cluster", "cluster-app", "cluster-tls", "nginx:p1", "app:pi3". */
  readonly id: string;
  /** The seed's heading: "Cluster", "Cluster (No Nginx)", "Cluster (TLS)", "Single Pi Zero", "Single Pi 3 (No Nginx)". */
  readonly heading: string;
  readonly kind: StudyTargetKind;
  /** The worker it went to (nginx and app columns): the first of its model in the profile. */
  readonly node?: string;
  /** Its model from the profile (nginx and app columns; the node's name when it has none). */
  readonly model?: string;
  /** Where the requests went, without the endpoint's path, e.g. "http://127.0.61.1:8080". */
  readonly baseUrl: string;
  /** The path went through HAProxy (cluster kinds). */
  readonly viaHaproxy: boolean;
  /** The path went through nginx (cluster, cluster-tls, nginx). */
  readonly viaNginx: boolean;
  readonly tls: boolean;
}

export interface StudyEndpoint {
  /** "cached" (the homepage `/`), "work" (the uncached endpoint). */
  readonly id: string;
  /** e.g. "Cached homepage (/)", "Uncached work (/api/work)". */
  readonly title: string;
  readonly path: string;
  /** nginx may answer it from its cache. */
  readonly cached: boolean;
}

/** One run of one cell in one round. */
export interface StudyRun {
  /** 1-based. */
  readonly round: number;
  /** The run's id (its record is in the study's history entry). */
  readonly runId: string;
  readonly meanTimePerRequestMs: number;
  readonly p95Ms: number | null;
  /** The run's median and 99th percentile (absent in studies saved before they were kept). */
  readonly p50Ms?: number | null;
  readonly p99Ms?: number | null;
  readonly requestsPerSecond: number;
  readonly completed: number;
  readonly failed: number;
  readonly non2xx: number;
  /** Its figures are suspect: a node throttled or held below its clock, or 5xx answers. */
  readonly flagged: boolean;
  /** What flagged it, in words ("pi3 throttled", "12 5xx answers"); empty when not flagged. */
  readonly flags: readonly string[];
  /** The run's verdict (absent when it was not sampled). */
  readonly bottleneck?: Bottleneck;
}

/** The lowest and highest of the rounds in a median, and the range as a share of the median. */
export interface Spread {
  readonly min: number;
  readonly max: number;
  /** (max − min) ÷ median × 100; 0 with one round. */
  readonly percent: number;
}

export interface StudyShare {
  /** "backend/server". */
  readonly server: string;
  readonly requests: number;
  /** 0..1 of the requests HAProxy's servers counted in the cell's runs. */
  readonly share: number;
}

export interface StudyCell {
  readonly column: string;
  readonly endpoint: string;
  /** Every run, flagged ones too, in round order. */
  readonly runs: readonly StudyRun[];
  /** How many runs the medians are of (the unflagged ones, or all with includeFlagged). */
  readonly used: number;
  /** Medians of the used runs; null when none could be used. */
  readonly meanTimePerRequestMs: number | null;
  readonly p95Ms: number | null;
  /** Medians of the runs' 50th and 99th percentiles (absent in studies saved before they were kept). */
  readonly p50Ms?: number | null;
  readonly p99Ms?: number | null;
  readonly requestsPerSecond: number | null;
  readonly spread: {
    readonly meanTimePerRequestMs: Spread | null;
    readonly p95Ms: Spread | null;
    readonly requestsPerSecond: Spread | null;
  };
  /** Runs not in the medians because they were flagged (empty with includeFlagged). */
  readonly leftOut: readonly string[];
  /** Each HAProxy server's share through the used runs (columns through HAProxy; empty otherwise or when unread). */
  readonly shares: readonly StudyShare[];
  /** The verdict most of the used runs gave (ties: the later round's); absent when none was sampled. */
  readonly bottleneck?: Bottleneck;
  /** Rounds whose run failed (the target refused, timed out): no figures, not in the medians. */
  readonly failures?: readonly { readonly round: number; readonly reason: string }[];
}

export type StudyScaling =
  | {
      readonly endpoint: string;
      readonly comparable: true;
      /** The cluster-through-nginx column and the single-node-via-nginx columns it is divided by. */
      readonly clusterColumn: string;
      readonly singleColumns: readonly string[];
      readonly clusterRps: number;
      readonly singleRps: readonly number[];
      /** Each model's req/s × the workers of that model, summed: what the workers would do alone. */
      readonly sumSingleRps: number;
      /** clusterRps ÷ sumSingleRps. */
      readonly efficiency: number;
      /** Workers counted per column (a column stands for every worker of its model). */
      readonly workersPerColumn: readonly number[];
    }
  | { readonly endpoint: string; readonly comparable: false; readonly reason: string };

export interface StudyServer {
  /** "backend/server". */
  readonly server: string;
  readonly weight: number;
  readonly status: string;
}

export interface StudyClusterState {
  readonly haproxyVersion?: string;
  /** HAProxy's servers and their weights at the study's start; empty when it could not be read. */
  readonly servers: readonly StudyServer[];
  readonly serversReason?: string;
  /** Each worker and its model (absent when the profile gives none). */
  readonly models: readonly { readonly node: string; readonly model?: string }[];
  /** Every flag of every run, once each ("pi3 throttled"). */
  readonly flags: readonly string[];
}

export interface StudySettings {
  readonly rounds: number;
  readonly secondsPerCell: number;
  readonly restSeconds: number;
  readonly concurrency: number;
  readonly engine: EngineName;
  readonly keepAlive: boolean;
  /** Flagged runs are in the medians. */
  readonly includeFlagged: boolean;
}

export interface StudyResult {
  readonly version: typeof STUDY_RESULT_VERSION;
  /** Same form as a run id: "20261207-041503-a3f". */
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly profile: string;
  readonly settings: StudySettings;
  readonly columns: readonly StudyColumn[];
  readonly endpoints: readonly StudyEndpoint[];
  /** One per endpoint and column, endpoint by endpoint in `endpoints` order, columns in `columns` order. */
  readonly cells: readonly StudyCell[];
  /** One per endpoint. */
  readonly scaling: readonly StudyScaling[];
  readonly cluster: StudyClusterState;
  /** Stopped before every round ran: the cells hold the rounds that completed. */
  readonly partial: boolean;
  /** e.g. "SIGINT" when partial. */
  readonly stoppedBy?: string;
  readonly roundsCompleted: number;
}
