import type { ServerRef } from '../../core/profile/profile.js';
import {
  serverCommand,
  showInfo,
  showServersState,
  showStat,
  type AdminState,
  type ServerCommand,
  type RuntimeCommand,
} from '../../core/haproxy/runtime-commands.js';
import { parseSetReply } from '../../core/haproxy/set-reply.js';
import { parseShowInfo, type HaproxyInfo } from '../../core/haproxy/show-info.js';
import { parseServersState, type ServerState } from '../../core/haproxy/servers-state.js';
import { aggregateStats, type AggregatedRecord, type ProcessStats } from '../../core/haproxy/stat-aggregate.js';
import { parseStatCsv } from '../../core/haproxy/stat-csv.js';
import type { HaproxyVersion } from '../../core/haproxy/version.js';
import { fail, ok, type NodeTransport, type Outcome, type RemoteError } from '../../core/ports/node-transport.js';
import type { ActionPlan, ActionPlanResult, ActionResult, HaproxyClient, HaproxyStats, PerProcess, ProcessFailure, ProcessReply, ProcessValue } from '../../core/ports/haproxy-runtime.js';
import { createProcessTargets, type ProcessTarget } from './process-targets.js';
import type { Result } from '../../core/result.js';

/** The HAProxy runtime port (core/ports/haproxy-runtime.ts) over the head's transport, across every process. */

export interface HaproxyClientOptions {
  readonly transport: NodeTransport;
  readonly sockets: readonly string[];
  readonly masterSocket?: string;
  /** Per command and process (default 5 s). */
  readonly timeoutMs?: number;
  readonly workerListMs?: number;
}

const WORKER_GONE = /^Can't find the target PID/;

export function createHaproxyClient(options: HaproxyClientOptions): HaproxyClient {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const targets = createProcessTargets(options);
  let version: HaproxyVersion | undefined;

  /**
   * Sends `command` to every process. A worker that is gone (HAProxy reloaded since `show proc`)
   * makes the worker list be read again and the command sent once more; the commands picon sends
   * are reads or absolute settings, so sending one twice changes nothing.
   */
  async function toEveryProcess(command: RuntimeCommand): Promise<Outcome<readonly { target: ProcessTarget; reply: Outcome<string> }[]>> {
    for (let attempt = 0; ; attempt++) {
      const resolved = await targets.resolve(timeoutMs);
      if (!resolved.ok) return resolved;
      const replies = await Promise.all(resolved.value.map(async (target) => ({ target, reply: await target.send(command, timeoutMs) })));
      const gone = replies.some(({ reply }) => reply.ok && WORKER_GONE.test(reply.value));
      if (!gone || attempt > 0) return ok(replies);
      targets.invalidate();
    }
  }

  /** Sends `command` to every process and parses each reply. */
  async function everyProcess<T>(
    command: RuntimeCommand,
    parse: (text: string) => { ok: true; value: T } | { ok: false; reason: string },
  ): Promise<Outcome<PerProcess<T>>> {
    const sent = await toEveryProcess(command);
    if (!sent.ok) return sent;
    const replies = sent.value.map(({ target, reply }) => ({ process: target.process, reply }));
    const values: ProcessValue<T>[] = [];
    const failed: ProcessFailure[] = [];
    for (const { process, reply } of replies) {
      if (!reply.ok) {
        failed.push({ process, error: reply.error });
        continue;
      }
      const parsed = parse(reply.value);
      if (parsed.ok) values.push({ process, value: parsed.value });
      else failed.push({ process, error: { kind: 'channel', message: `${process}: ${command.text}: ${parsed.reason}` } });
    }
    if (values.length === 0) {
      const first = failed[0];
      return first === undefined ? fail('channel', `${command.text}: no HAProxy process answered`) : { ok: false, error: first.error };
    }
    return ok({ values, failed });
  }

  async function info(): Promise<Outcome<PerProcess<HaproxyInfo>>> {
    const result = await everyProcess(showInfo(), parseShowInfo);
    if (result.ok) version = result.value.values[0]?.value.version;
    return result;
  }

  async function stats(): Promise<Outcome<HaproxyStats>> {
    const problems: string[] = [];
    const result = await everyProcess(showStat(), (text) => {
      const table = parseStatCsv(text);
      if (table.records.length === 0 && table.problems.length > 0) return { ok: false, reason: table.problems[0]?.reason ?? 'no rows' };
      return { ok: true, value: table };
    });
    if (!result.ok) return result;
    const values = result.value.values.map(({ process, value }) => {
      problems.push(...value.problems.map((p) => `${process} line ${p.line}: ${p.reason}`));
      return { process, value: { process, records: value.records } };
    });
    return ok({ atMs: Date.now(), values, failed: result.value.failed, records: aggregateStats(values.map((v) => v.value)), problems });
  }

  async function knownVersion(): Promise<Outcome<HaproxyVersion>> {
    if (version !== undefined) return ok(version);
    const read = await info();
    if (!read.ok) return read;
    return version === undefined ? fail('channel', 'show info gave no version') : ok(version);
  }

  async function prepare(
    ref: ServerRef,
    action: ServerCommand,
  ): Promise<{ ok: true; plan: ActionPlan } | { ok: false; reason: string }> {
    const v = await knownVersion();
    if (!v.ok) return { ok: false, reason: v.error.message };
    const built: Result<RuntimeCommand> = serverCommand(ref, action, v.value);
    if (!built.ok) return { ok: false, reason: built.reason };
    const resolved = await targets.resolve(timeoutMs);
    if (!resolved.ok) return { ok: false, reason: resolved.error.message };
    const command = built.value;
    const lines = resolved.value.map((t) => ({ process: t.process, socket: t.socket, line: t.line(command) }));
    return { ok: true, plan: { target: ref, action, command, lines } };
  }

  function actionReply(target: ProcessTarget, command: RuntimeCommand, reply: Outcome<string>): ProcessReply {
    const line = target.line(command);
    if (!reply.ok) return { process: target.process, line, ok: false, reason: reply.error.message };
    const verdict = parseSetReply(reply.value);
    return verdict.ok ? { process: target.process, line, ok: true } : { process: target.process, line, ok: false, reason: verdict.reason };
  }

  async function act(ref: ServerRef, action: ServerCommand): Promise<ActionResult> {
    const prepared = await prepare(ref, action);
    if (!prepared.ok) return { ok: false, reason: prepared.reason, replies: [] };
    const { command } = prepared.plan;
    const sent = await toEveryProcess(command);
    if (!sent.ok) return { ok: false, reason: sent.error.message, replies: [] };
    const replies = sent.value.map(({ target, reply }) => actionReply(target, command, reply));
    const refused = replies.filter((r) => !r.ok);
    if (refused.length === 0) return { ok: true, replies };
    const reason = refused.map((r) => (replies.length > 1 ? `${r.process}: ${r.reason ?? ''}` : (r.reason ?? ''))).join('; ');
    return { ok: false, reason, replies };
  }

  return {
    info,
    stats,
    serversState: (backend) => {
      const built = showServersState(backend);
      if (!built.ok) throw new Error(built.reason); // backends come from the validated profile
      return everyProcess(built.value, parseServersState);
    },
    async serversStateText(backend) {
      const built = showServersState(backend);
      if (!built.ok) return fail('channel', built.reason);
      const resolved = await targets.resolve(timeoutMs);
      if (!resolved.ok) return resolved;
      const first = resolved.value[0];
      return first === undefined ? fail('channel', 'no HAProxy process to read server states from') : first.send(built.value, timeoutMs);
    },
    plan: prepare,
    act,
    setServerState: (ref, state) => act(ref, { kind: 'state', state }),
    setServerWeight: (ref, weight) => act(ref, { kind: 'weight', weight }),
  };
}
