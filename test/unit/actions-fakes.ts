import type { Duplex } from 'node:stream';
import type { ActionDeps, ActionOptions } from '../../src/adapters/actions/action-deps.js';
import { runAction } from '../../src/adapters/actions/run-action.js';
import type { ActionReport } from '../../src/core/actions/action-report.js';
import type { ActionRequest } from '../../src/core/actions/action-request.js';
import { resolveAction, type ResolvedAction } from '../../src/core/actions/resolve-action.js';
import type { HaproxyClient } from '../../src/core/ports/haproxy-runtime.js';
import type { ServerCommand } from '../../src/core/haproxy/runtime-commands.js';
import type { ExecOptions, ExecResult, NodeTransport, Outcome } from '../../src/core/ports/node-transport.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile, ServerRef } from '../../src/core/profile/profile.js';
import type { RemoteCommand } from '../../src/core/remote/shell-quote.js';
import { aggregateStats } from '../../src/core/haproxy/stat-aggregate.js';
import { parseServerStatus } from '../../src/core/haproxy/server-status.js';
import type { StatRecord } from '../../src/core/haproxy/stat-record.js';
import type { ServerState } from '../../src/core/haproxy/servers-state.js';

/** A small cluster: head + p1, p2 (backends web and api) + p3 (web only). */
export const PROFILE_YAML = `
name: test
head:
  name: head
  address: 10.0.0.1
  services: [haproxy]
  haproxy:
    sockets: [/run/haproxy/admin-1.sock, /run/haproxy/admin-2.sock]
    backends: [web, api]
    config: /etc/haproxy/haproxy.cfg
workers:
  - { name: p1, address: 10.0.0.11, services: [nginx, webapp], servers: [web/p1, api/p1] }
  - { name: p2, address: 10.0.0.12, services: [nginx, webapp], servers: [web/p2, api/p2] }
  - { name: p3, address: 10.0.0.13, services: [nginx, webapp], servers: [web/p3] }
`;

export function testProfile(yaml = PROFILE_YAML): Profile {
  const r = parseProfile(yaml, '/profiles/test.yaml', '/home/op');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.profile;
}

export interface FakeServer {
  status: string;
  weight: number;
  initialWeight: number;
  sessions: number;
  adminBits: number;
}

/**
 * HAProxy with two processes, as a map of servers the fake's act() changes the way HAProxy does.
 * `refuse` makes a process answer a set command with text (HAProxy's refusal).
 */
export class FakeHaproxy {
  readonly servers = new Map<string, FakeServer>();
  readonly sent: string[] = [];
  refuse: { process: string; reply: string } | undefined;
  readonly processes = ['/run/haproxy/admin-1.sock', '/run/haproxy/admin-2.sock'];
  /** Called on every stats() read, e.g. to let sessions drain. */
  onRead: (() => void) | undefined;

  constructor(servers: Record<string, Partial<FakeServer>>) {
    for (const [key, s] of Object.entries(servers)) {
      this.servers.set(key, { status: 'UP', weight: 1, initialWeight: 1, sessions: 0, adminBits: 0, ...s });
    }
  }

  get(key: string): FakeServer {
    const s = this.servers.get(key);
    if (s === undefined) throw new Error(`no fake server ${key}`);
    return s;
  }

  /** Sessions are all on the first process, as if it took every connection. */
  private records(first: boolean): StatRecord[] {
    return [...this.servers.entries()].map(([key, s]) => {
      const [proxy = '', service = ''] = key.split('/');
      return { proxy, service, type: 'server', status: parseServerStatus(s.status), weight: s.weight, currentSessions: first ? s.sessions : 0, checkStatus: 'L7OK' };
    });
  }

  private command(ref: ServerRef, action: ServerCommand): string {
    const target = `${ref.backend}/${ref.server}`;
    switch (action.kind) {
      case 'state':
        return `set server ${target} state ${action.state}`;
      case 'weight':
        return `set server ${target} weight ${action.weight}`;
      case 'health':
        return `set server ${target} health ${action.health}`;
      case 'shutdown-sessions':
        return `shutdown sessions server ${target}`;
    }
  }

  client(): HaproxyClient {
    const perProcess = () => this.processes.map((process, i) => ({ process, records: this.records(i === 0) }));
    const plan: HaproxyClient['plan'] = async (ref, action) => {
      const text = this.command(ref, action);
      return { ok: true, plan: { target: ref, action, command: { text }, lines: this.processes.map((p) => ({ process: p, socket: p, line: text })) } };
    };
    const act: HaproxyClient['act'] = async (ref, action) => {
      const text = this.command(ref, action);
      const replies = this.processes.map((process) => {
        this.sent.push(`${process}: ${text}`);
        if (this.refuse !== undefined && this.refuse.process === process) return { process, line: text, ok: false, reason: this.refuse.reply };
        return { process, line: text, ok: true };
      });
      const s = this.servers.get(`${ref.backend}/${ref.server}`);
      if (s === undefined) {
        return { ok: false, reason: 'No such server.', replies: replies.map((r) => ({ ...r, ok: false, reason: 'No such server.' })) };
      }
      const failed = replies.filter((r) => !r.ok);
      if (failed.length > 0) return { ok: false, reason: failed.map((r) => `${r.process}: ${r.reason}`).join('; '), replies };
      if (action.kind === 'weight') s.weight = action.weight;
      else if (action.kind === 'health') s.status = 'DOWN';
      else if (action.kind === 'shutdown-sessions') s.sessions = 0;
      else {
        s.status = { ready: 'UP', drain: 'DRAIN', maint: 'MAINT' }[action.state];
        s.adminBits = { ready: 0, drain: 0x08, maint: 0x01 }[action.state];
      }
      return { ok: true, replies };
    };
    return {
      info: async () => {
        throw new Error('not used');
      },
      stats: async () => {
        this.onRead?.();
        const values = perProcess().map((p) => ({ process: p.process, value: p }));
        return { ok: true, value: { atMs: 0, values, failed: [], records: aggregateStats(perProcess()), problems: [] } };
      },
      serversState: async (backend) => {
        const states: ServerState[] = [...this.servers.entries()]
          .filter(([key]) => backend === undefined || key.startsWith(`${backend}/`))
          .map(([key, s]) => {
            const [b = '', server = ''] = key.split('/');
            return { backend: b, server, maintenance: (s.adminBits & 1) !== 0, draining: (s.adminBits & 8) !== 0, adminBits: s.adminBits, userWeight: s.weight, initialWeight: s.initialWeight };
          });
        return { ok: true, value: { values: this.processes.map((process) => ({ process, value: states })), failed: [] } };
      },
      serversStateText: async () => {
        throw new Error('not used');
      },
      plan,
      act,
      setServerState: (ref, state) => act(ref, { kind: 'state', state }),
      setServerWeight: (ref, weight) => act(ref, { kind: 'weight', weight }),
    };
  }
}

/**
 * How a fake head answers picon's lock script (core/actions/head-lock.ts): `held` prints the held
 * marker and keeps "holding" until picon ends stdin; `busy` is flock's timeout with a holder
 * record; `missing` is a head without flock.
 */
export interface FakeLock {
  mode: 'held' | 'busy' | 'missing';
  holder?: string;
}

export const LOCK_FILE = '/run/haproxy/picon-haproxy.lock';

/**
 * A node whose exec answers from a function; every command run is recorded. The head lock's
 * script is answered by `lock` and recorded as `lock` and (when picon lets go) `unlock`.
 */
export function fakeTransport(node: string, answer: (command: string, stdin?: string) => Partial<ExecResult>, lock: FakeLock = { mode: 'held' }): NodeTransport & { ran: string[] } {
  const ran: string[] = [];
  const unused = (): never => {
    throw new Error('not used');
  };
  const result = (r: Partial<ExecResult>): Outcome<ExecResult> => ({ ok: true, value: { code: 0, signal: null, stdout: '', stderr: '', ...r } });
  const runLock = async (options: ExecOptions): Promise<Outcome<ExecResult>> => {
    ran.push('lock');
    if (lock.mode === 'busy') return result({ code: 75, stdout: `PICON-HEAD-LOCK-BUSY ${LOCK_FILE}\n${lock.holder ?? ''}\n` });
    if (lock.mode === 'missing') return result({ code: 127, stderr: 'sh: 3: flock: not found\n' });
    const hold = options.holdStdinUntil;
    options.onStdout?.(`PICON-HEAD-LOCK-HELD ${LOCK_FILE}\n`);
    await new Promise<void>((resolve) => {
      if (hold?.aborted === true || options.signal?.aborted === true) resolve();
      hold?.addEventListener('abort', () => resolve());
      options.signal?.addEventListener('abort', () => resolve());
    });
    ran.push(options.signal?.aborted === true ? 'lock cancelled' : 'unlock');
    return result({});
  };
  return {
    node,
    ran,
    status: () => ({ state: 'up', since: 0, attempts: 0 }),
    ready: async () => ({ ok: true, value: undefined }),
    exec: async (command: RemoteCommand, options: ExecOptions = {}): Promise<Outcome<ExecResult>> => {
      if (command.text.includes('PICON-HEAD-LOCK-HELD')) return runLock(options);
      ran.push(command.text);
      return result(answer(command.text, options.stdin));
    },
    openUnixSocket: async (): Promise<Outcome<Duplex>> => ({ ok: false, error: { kind: 'channel', message: `${node}: forwarding refused` } }),
    files: unused,
    onStatusChange: () => () => undefined,
    close: () => undefined,
  };
}

/** The request resolved against `profile` as the CLI and the console do before asking (it must name real targets). */
export function resolved(profile: Profile, request: ActionRequest): ResolvedAction {
  const action = resolveAction(profile, request);
  if (!action.ok) throw new Error(`test request does not resolve: ${action.reason}`);
  return action.value;
}

/** runAction on the request resolved against the deps' profile. */
export function runRequest(deps: ActionDeps, request: ActionRequest, options: ActionOptions): Promise<ActionReport> {
  return runAction(deps, resolved(deps.profile, request), options);
}
