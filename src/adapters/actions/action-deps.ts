import type { ActionReport } from '../../core/actions/action-report.js';
import type { AuditLine, AuditProcess } from '../../core/actions/audit-record.js';
import type { ResolvedLoadTestStep } from '../../core/actions/plan-step.js';
import type { RunOutcome } from '../../core/loadtest/run-outcome.js';
import type { Profile } from '../../core/profile/profile.js';
import type { HaproxyClient } from '../../core/ports/haproxy-runtime.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';
import type { HeldHeadLock } from './head-lock.js';

/**
 * What running an action needs from outside. The command line and the console each build one:
 * the CLI over fresh SSH connections with a [y/N] prompt, the console over its own connections
 * with its confirmation dialog.
 */
export interface ActionDeps {
  readonly profile: Profile;
  /**
   * A runtime-API client for the head. Called again after HAProxy reloads, so the new client
   * reads the current worker list instead of the one from before the reload.
   */
  readonly haproxy: () => HaproxyClient;
  /** The SSH connection of a node (restart, and `weight --persist` on the head). */
  readonly transport: (node: string) => NodeTransport;
  /** Asked before a destructive action unless `yes`; false: nothing is done ("declined"). */
  readonly confirm: (question: string) => Promise<boolean>;
  /** One line per step worth seeing while it runs (drain --wait progress, reload). */
  readonly progress?: (line: string) => void;
  /** The audit journal; without it nothing is recorded (tests). */
  readonly audit?: AuditLog;
  /**
   * Given by runAction to runServerAction and runRestart, which call `intent` right before their
   * first change: not ok, and they change nothing.
   */
  readonly journal?: ActionJournal;
  /** This picon (default: the running process): recorded with an intent and in the head lock's holder record. */
  readonly process?: AuditProcess;
  /** The login name recorded in the audit log (and in the head lock's holder record). */
  readonly user: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** drain --wait and the post-restart isActive poll interval (default 1 s). */
  readonly pollMs?: number;
  /** Remote command timeout for restart and reload (default 60 s). */
  readonly commandTimeoutMs?: number;
  /**
   * The head lock, already held by whoever runs these steps (a rollout holds it from its first
   * step to its last): the steps act under it instead of taking it again, and never let it go.
   */
  readonly heldLock?: HeldHeadLock;
  /** Runs a plan's load-test step (the composition root wires the load-test runner); absent: such a step fails. */
  readonly loadTest?: (step: ResolvedLoadTestStep) => Promise<RunOutcome>;
}

export interface AuditLog {
  /** Where the records go, named in messages. */
  readonly file: string;
  /** Resolves once the line is on disk; rejects with the file system's error when it cannot be written. */
  append(line: AuditLine): Promise<void>;
}

export type JournalWrite = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ActionJournal {
  /** Records what is about to be done (`planned`: the report a dry run would give). */
  intent(planned: ActionReport): Promise<JournalWrite>;
}

export interface ActionOptions {
  /** Print and audit what would run; change nothing. */
  readonly dryRun: boolean;
  /** Skip the confirmation of destructive actions (--yes). */
  readonly yes: boolean;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
