import type { ServerRef } from '../profile/profile.js';
import type { ActionKind } from './action-request.js';
import type { ServerView } from './server-view.js';

/**
 * What an action did and what is true now: printed as lines, or as JSON with --json (a stable
 * shape: add fields, never rename or remove one), and the source of the audit record.
 */

/** ok: done everywhere; failed: some target failed (partial results); refused: the guard or a check said no; declined: not confirmed. */
export type ActionResultKind = 'ok' | 'failed' | 'refused' | 'declined';

/** One exact remote command: a runtime-API line to a socket, or a shell command on a node. */
export interface PlannedCommand {
  readonly node: string;
  /** "runtime-api" lines go to `socket` (through `process`); "shell" commands run over SSH. */
  readonly kind: 'runtime-api' | 'shell';
  readonly socket?: string;
  readonly process?: string;
  readonly line: string;
  /** What the command is given on stdin, in words (the file it writes). */
  readonly note?: string;
}

export interface ServerOutcome {
  readonly target: ServerRef;
  /** The weight asked for (weight actions). */
  readonly weight?: number;
  readonly ok: boolean;
  /** HAProxy's reply text, or why the process could not be reached. */
  readonly reason?: string;
  readonly before: ServerView | null;
  readonly after: ServerView | null;
}

export interface DrainWaitOutcome {
  readonly drained: boolean;
  readonly timedOut: boolean;
  readonly waitedMs: number;
  /** Sessions left on the node's servers when the wait ended. */
  readonly sessions: number | null;
}

export interface PersistOutcome {
  readonly ok: boolean;
  readonly reason?: string;
  readonly config: string;
  readonly backup?: string;
  /** The server lines as they were and are now written. */
  readonly changes: readonly { readonly before: string; readonly after: string }[];
  /** The server-state file written, where the config loads one. */
  readonly stateFile?: string;
  /** Whether the edited config passed `haproxy -c` (checked as a temp file, then renamed over). */
  readonly checked: boolean;
  /** Always false since writes are atomic (a failed write never touched the file); kept for the JSON shape. */
  readonly restored: boolean;
  /** Temp files left beside the config by an interrupted earlier run, removed. */
  readonly removedTemps?: readonly string[];
  /** Backups past the newest few, removed. */
  readonly prunedBackups?: readonly string[];
  readonly reloaded: boolean;
  /** Runtime drain/maint/weight of other servers, set again on the new workers after the reload. */
  readonly reapplied?: readonly string[];
}

export interface ServiceOutcome {
  readonly service: string;
  /** Exit status 0 of the isActive template. null: not known. */
  readonly activeBefore: boolean | null;
  readonly activeAfter: boolean | null;
  /** What the restart command printed (trimmed, last lines). */
  readonly output?: string;
}

export interface ActionReport {
  readonly action: ActionKind;
  readonly profile: string;
  readonly node: string;
  /** "drain p1", "restart nginx on p1": the action in words. */
  readonly title: string;
  readonly dryRun: boolean;
  readonly result: ActionResultKind;
  /** One line: why it failed, was refused or declined. */
  readonly reason?: string;
  /** What to try next. */
  readonly hint?: string;
  /**
   * guard: the last-UP-server guard refused (what `--force` overrides); lock: the head lock was held
   * by another picon; journal: the intent could not be recorded, so nothing was sent.
   */
  readonly refusedBy?: 'guard' | 'lock' | 'journal';
  /** Guard refusals overridden by --force. */
  readonly forced: readonly string[];
  /** Every remote command, in order (for a dry run: what would have run). */
  readonly commands: readonly PlannedCommand[];
  readonly servers: readonly ServerOutcome[];
  readonly drain?: DrainWaitOutcome;
  readonly persist?: PersistOutcome;
  readonly service?: ServiceOutcome;
  /** The audit record of what was done could not be written: one line naming the file and why. */
  readonly auditWarning?: string;
}

/** 0 done; 2 nothing was done because it could not be recorded (like bad input: fix the data dir); 1 otherwise. */
export function exitCodeFor(report: ActionReport): number {
  if (report.refusedBy === 'journal') return 2;
  return report.result === 'ok' ? 0 : 1;
}
