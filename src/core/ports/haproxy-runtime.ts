import type { AdminState, RuntimeCommand, ServerCommand } from '../haproxy/runtime-commands.js';
import type { HaproxyInfo } from '../haproxy/show-info.js';
import type { ServerState } from '../haproxy/servers-state.js';
import type { AggregatedRecord, ProcessStats } from '../haproxy/stat-aggregate.js';
import type { ServerRef } from '../profile/profile.js';
import type { Outcome, RemoteError } from './node-transport.js';

/**
 * The HAProxy runtime API of the head, across every process (several sockets, or the master
 * CLI's workers): read, plan and change. adapters/haproxy/runtime-client.ts implements it over
 * the head's transport.
 */

export interface ProcessValue<T> {
  readonly process: string;
  readonly value: T;
}

export interface ProcessFailure {
  readonly process: string;
  readonly error: RemoteError;
}

/** Every process that answered; `failed` lists those that did not (at least one answered). */
export interface PerProcess<T> {
  readonly values: readonly ProcessValue<T>[];
  readonly failed: readonly ProcessFailure[];
}

export interface HaproxyStats extends PerProcess<ProcessStats> {
  /** When the replies were in (ms since epoch). */
  readonly atMs: number;
  /** All processes together (counters summed, disagreements as mismatches). */
  readonly records: readonly AggregatedRecord[];
  /** Rows that could not be read, one line each, naming the process. */
  readonly problems: readonly string[];
}

export interface ActionPlan {
  readonly target: ServerRef;
  readonly action: ServerCommand;
  /** The runtime-API command, before any master-CLI prefix. */
  readonly command: RuntimeCommand;
  /** What each process is sent, exactly (for --dry-run). */
  readonly lines: readonly { readonly process: string; readonly socket: string; readonly line: string }[];
}

export interface ProcessReply {
  readonly process: string;
  readonly line: string;
  readonly ok: boolean;
  /** HAProxy's refusal ("No such server.") or why the process could not be reached. */
  readonly reason?: string;
}

// Not a Result: both outcomes carry what each process replied.
/** ok: every process accepted. Otherwise `reason` says why, and `replies` what each process said. */
export type ActionResult =
  | { readonly ok: true; readonly replies: readonly ProcessReply[] }
  | { readonly ok: false; readonly reason: string; readonly replies: readonly ProcessReply[] };

export type ActionPlanResult = { readonly ok: true; readonly plan: ActionPlan } | { readonly ok: false; readonly reason: string };

export interface HaproxyClient {
  info(): Promise<Outcome<PerProcess<HaproxyInfo>>>;
  stats(): Promise<Outcome<HaproxyStats>>;
  serversState(backend?: string): Promise<Outcome<PerProcess<readonly ServerState[]>>>;
  /** The first process's `show servers state` reply as HAProxy prints it (a server-state file's format). */
  serversStateText(backend?: string): Promise<Outcome<string>>;
  plan(ref: ServerRef, action: ServerCommand): Promise<ActionPlanResult>;
  act(ref: ServerRef, action: ServerCommand): Promise<ActionResult>;
  setServerState(ref: ServerRef, state: AdminState): Promise<ActionResult>;
  setServerWeight(ref: ServerRef, weight: number): Promise<ActionResult>;
}
