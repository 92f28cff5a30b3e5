import { forWorker, showProc, type RuntimeCommand } from '../../core/haproxy/runtime-commands.js';
import { parseShowProc } from '../../core/haproxy/show-proc.js';
import { fail, ok, type NodeTransport, type Outcome } from '../../core/ports/node-transport.js';
import { createSocketChannel, type SocketChannel } from './socket-channel.js';

/**
 * The HAProxy processes a command must reach: one per stats socket (old multi-process HAProxy),
 * or every current worker behind the master CLI, addressed `@!<pid>` (the worker list is read
 * with `show proc` and kept for a few seconds).
 */

export interface ProcessTarget {
  /** How a person sees it: the socket path, or "worker 1234". */
  readonly process: string;
  readonly socket: string;
  /** The exact line sent for `command`. */
  line(command: RuntimeCommand): string;
  send(command: RuntimeCommand, timeoutMs: number): Promise<Outcome<string>>;
}

export interface TargetOptions {
  readonly transport: NodeTransport;
  readonly sockets: readonly string[];
  readonly masterSocket?: string;
  /** How long the master's worker list is trusted (default 5 s). */
  readonly workerListMs?: number;
  readonly now?: () => number;
}

export interface ProcessTargets {
  resolve(timeoutMs: number): Promise<Outcome<readonly ProcessTarget[]>>;
  /** Forget the worker list (a reply said a worker is gone). */
  invalidate(): void;
}

function socketTarget(channel: SocketChannel): ProcessTarget {
  return {
    process: channel.path,
    socket: channel.path,
    line: (command) => command.text,
    send: (command, timeoutMs) => channel.send(command.text, timeoutMs),
  };
}

function workerTarget(channel: SocketChannel, pid: number): ProcessTarget {
  return {
    process: `worker ${pid}`,
    socket: channel.path,
    line: (command) => forWorker(pid, command).text,
    send: (command, timeoutMs) => channel.send(forWorker(pid, command).text, timeoutMs),
  };
}

export function createProcessTargets(options: TargetOptions): ProcessTargets {
  const now = options.now ?? Date.now;
  const listMs = options.workerListMs ?? 5_000;
  const sockets = options.sockets.map((path) => socketTarget(createSocketChannel(options.transport, path)));
  const master = options.masterSocket === undefined ? undefined : createSocketChannel(options.transport, options.masterSocket);
  let workers: { at: number; targets: readonly ProcessTarget[] } | undefined;
  let reading: Promise<Outcome<readonly ProcessTarget[]>> | undefined;

  /** Callers arriving together (info and stats of one poll) share one `show proc`. */
  function readWorkers(channel: SocketChannel, timeoutMs: number): Promise<Outcome<readonly ProcessTarget[]>> {
    if (workers !== undefined && now() - workers.at < listMs) return Promise.resolve(ok(workers.targets));
    reading ??= fetchWorkers(channel, timeoutMs).finally(() => {
      reading = undefined;
    });
    return reading;
  }

  async function fetchWorkers(channel: SocketChannel, timeoutMs: number): Promise<Outcome<readonly ProcessTarget[]>> {
    const reply = await channel.send(showProc().text, timeoutMs);
    if (!reply.ok) return reply;
    const procs = parseShowProc(reply.value);
    if (!procs.ok) return fail('channel', `${options.transport.node}: ${channel.path}: ${procs.reason}`);
    if (procs.value.workers.length === 0) return fail('channel', `${options.transport.node}: the master CLI lists no workers`);
    const targets = procs.value.workers.map((w) => workerTarget(channel, w.pid));
    workers = { at: now(), targets };
    return ok(targets);
  }

  return {
    resolve: (timeoutMs) => (master === undefined ? Promise.resolve(ok(sockets)) : readWorkers(master, timeoutMs)),
    invalidate: () => {
      workers = undefined;
    },
  };
}
