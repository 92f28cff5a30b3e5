import type { ActionDeps, AuditLog } from '../adapters/actions/action-deps.js';
import type { ClusterMonitor } from '../adapters/monitor/cluster-monitor.js';
import type { RunDependencies } from '../adapters/loadtest/run-load-test.js';
import { loadKnownProfile, locateProfile, profileEnvironment, type ProfileEnvironment } from '../adapters/profile/load-profile.js';
import type { ClusterConnections } from '../adapters/ssh/cluster-connections.js';
import type { PassphrasePrompt } from '../adapters/ssh/identity.js';
import type { KnownHostsWarner } from '../adapters/ssh/known-hosts-warnings.js';
import type { StatusParts } from '../adapters/status/take-status.js';
import type { HaproxyClient } from '../core/ports/haproxy-runtime.js';
import type { AuditLine, AuditProcess } from '../core/actions/audit-record.js';
import type { RunPlan } from '../core/loadtest/run-plan.js';
import type { Profile } from '../core/profile/profile.js';
import type { CommandContext } from './command.js';
import type { LabOps } from './lab-wiring.js';

/**
 * The composition root: from the profile and the global flags, every adapter a command or a
 * screen uses is built here — once, and only when first asked for. A command that needs no SSH
 * (`bench history`, `profile validate`, `lab …`) never asks for connections, so none is opened;
 * the modules behind SSH, the monitor, actions and load tests are loaded on first use too (the
 * console draws its first frame before they load; the wallboard never loads Ink).
 */

/** How a command's connections behave; given with the first `connections()` call. */
export interface ConnectPolicy {
  /** Keep reconnecting (console, wallboard) or let a failed node stay failed (one-shot commands). */
  readonly reconnect: boolean;
  readonly connectTimeoutMs?: number;
  readonly passphrasePrompt?: PassphrasePrompt;
  /** Ask every passphrase before returning (before a full-screen view takes the terminal). */
  readonly unlockKeysFirst?: boolean;
  /** Where known_hosts problems are told (default: stderr). */
  readonly knownHostsWarner?: KnownHostsWarner;
  /** Only these nodes (an action needs the head, or the node it restarts); default every node. */
  readonly nodes?: readonly string[];
}

/** What a running action reports to and asks of the person (the rest of ActionDeps is the runtime's). */
export interface ActionIo {
  readonly confirm: (question: string) => Promise<boolean>;
  readonly progress?: (line: string) => void;
}

export interface Runtime {
  readonly ctx: CommandContext;
  /** Where profiles are found and read: the user's settings, the profile folders, $HOME (`picon profile`). */
  profileFiles(): ProfileEnvironment;
  /** `--profile NAME|PATH`, else the default; read and checked once. */
  profile(): Promise<Profile>;
  /** The local lab's operations (`picon lab …`), loaded on first use; no SSH. */
  lab(): Promise<LabOps>;
  /** The SSH connections, opened on the first call with its policy; later calls get the same. */
  connections(policy?: ConnectPolicy): Promise<ClusterConnections>;
  /** The head's HAProxy runtime client, shared by the monitor and load tests. */
  haproxy(): Promise<HaproxyClient>;
  /** The cluster monitor (health sources, HAProxy poller, connection changes), built once, not started. */
  monitor(options?: { readonly intervalMs?: number }): Promise<ClusterMonitor>;
  /** What `picon status` reads, each request timed out after `timeoutMs`. */
  statusParts(timeoutMs: number): Promise<StatusParts>;
  /** Everything runAction needs: the one place ActionDeps is assembled. */
  actionDeps(io: ActionIo): Promise<ActionDeps>;
  /** A load test's engine, cluster snapshots and save, for `plan`. */
  loadTestDeps(plan: RunPlan, onNote: (line: string) => void, caPem?: string): Promise<RunDependencies>;
  /** The load-test history file `picon bench history` reads and runs are saved to. */
  historyFile(): Promise<string>;
  /** The audit journal's file. */
  auditFile(): Promise<string>;
  /** The whole audit journal (unreadable lines counted), and whether an intent's picon still runs. */
  auditJournal(): Promise<AuditJournal>;
  /** Closes the connections, if any were opened (the monitor's stop() closes them too). */
  close(): void;
}

export interface AuditJournal {
  readonly file: string;
  readonly lines: readonly AuditLine[];
  readonly broken: number;
  readonly isRunning: (process: AuditProcess) => boolean;
}

/** Actions' remote commands and their HAProxy client time out after this. */
const ACTION_TIMEOUT_MS = 10_000;

const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

export function createRuntime(ctx: CommandContext): Runtime {
  let files: ProfileEnvironment | undefined;
  const profileFiles = (): ProfileEnvironment => (files ??= profileEnvironment(ctx));
  const profile = once(async () => loadKnownProfile(await locateProfile(ctx.globals.profile, profileFiles()), profileFiles()));
  const lab = once(async () => (await import('./lab-wiring.js')).labOps(ctx));
  let opened: Promise<ClusterConnections> | undefined;
  let closed = false;

  async function open(policy: ConnectPolicy): Promise<ClusterConnections> {
    const [p, { openConnections }, { profileForNodes }, { stderrKnownHostsWarner }] = await Promise.all([
      profile(),
      import('./open-connections.js'),
      import('../core/actions/node-targets.js'),
      import('../adapters/ssh/known-hosts-warnings.js'),
    ]);
    const connections = await openConnections(policy.nodes === undefined ? p : profileForNodes(p, policy.nodes), {
      env: ctx.env,
      reconnect: policy.reconnect,
      knownHostsWarner: policy.knownHostsWarner ?? stderrKnownHostsWarner(ctx.stderr),
      ...(policy.passphrasePrompt !== undefined && { passphrasePrompt: policy.passphrasePrompt }),
      ...(policy.connectTimeoutMs !== undefined && { connectTimeoutMs: policy.connectTimeoutMs }),
      ...(policy.unlockKeysFirst !== undefined && { unlockKeysFirst: policy.unlockKeysFirst }),
      // Prometheus gives node health: a node's connection opens only when something needs it.
      ...(p.metrics !== undefined && { lazy: true }),
    });
    if (closed) connections.closeAll();
    return connections;
  }
  const connections = (policy: ConnectPolicy = { reconnect: true }): Promise<ClusterConnections> => (opened ??= open(policy));

  const headClient = async (timeoutMs?: number): Promise<HaproxyClient> => {
    const [p, c, { headHaproxyClient }] = await Promise.all([profile(), connections(), import('../adapters/haproxy/head-client.js')]);
    return headHaproxyClient(p, c, timeoutMs);
  };
  const haproxy = once(() => headClient());

  let monitorOptions: { readonly intervalMs?: number } = {};
  const monitor = once(async () => {
    const [p, c, client, { monitorOver }] = await Promise.all([profile(), connections(), haproxy(), import('./monitor-wiring.js')]);
    return monitorOver(p, c, { haproxy: client, ...monitorOptions });
  });

  const auditFile = once(async () => (await import('../adapters/actions/audit-log.js')).auditFile(ctx.env));
  const audit = once(async (): Promise<AuditLog> => (await import('../adapters/actions/audit-log.js')).auditLog(await auditFile()));
  const historyFile = once(async () => (await import('../adapters/loadtest/history-store.js')).historyFile(ctx.env));

  const runtime: Runtime = {
    ctx,
    profileFiles,
    profile,
    lab,
    connections,
    haproxy,
    monitor(options = {}) {
      monitorOptions = options;
      return monitor();
    },
    async statusParts(timeoutMs) {
      const [p, c, { headHaproxyClient }, { healthSourceOf, fleetHealthSource }] = await Promise.all([
        profile(),
        connections(),
        import('../adapters/haproxy/head-client.js'),
        import('./monitor-wiring.js'),
      ]);
      return {
        transport: (node) => c.get(node),
        healthSource: (node) => healthSourceOf(p, c, node, { timeoutMs }),
        fleetHealth: () => fleetHealthSource(p, c, { timeoutMs }),
        haproxy: () => headHaproxyClient(p, c, timeoutMs),
      };
    },
    async actionDeps(io) {
      const [p, c, log, { headHaproxyClient }, { loginName }] = await Promise.all([
        profile(),
        connections(),
        audit(),
        import('../adapters/haproxy/head-client.js'),
        import('../adapters/actions/login-name.js'),
      ]);
      return {
        profile: p,
        // A new client each call: after a reload it reads the new worker list.
        haproxy: () => headHaproxyClient(p, c, ACTION_TIMEOUT_MS),
        transport: (node) => c.get(node),
        confirm: io.confirm,
        ...(io.progress !== undefined && { progress: io.progress }),
        audit: log,
        user: loginName(ctx.env),
        // A plan's load-test step, through the runner `picon bench` uses.
        loadTest: async (step) => {
          const [{ caOfPlan }, { runLoadTest }] = await Promise.all([import('../adapters/loadtest/ca-file.js'), import('../adapters/loadtest/run-load-test.js')]);
          const ca = await caOfPlan(step.plan, false);
          if (ca !== undefined && !ca.ok) return { ok: false, reason: ca.reason, cancelled: false };
          const deps = await runtime.loadTestDeps(step.plan, (line) => ctx.stderr.write(`picon: ${line}\n`), ca?.value);
          return runLoadTest({ plan: step.plan, profile: p.name, label: step.preset }, deps);
        },
      };
    },
    async loadTestDeps(plan, onNote, caPem) {
      const [p, c, client, file, { abEngine }, { builtinEngine }, snapshots, { appendRun }] = await Promise.all([
        profile(),
        connections(),
        haproxy(),
        historyFile(),
        import('../adapters/loadtest/ab-engine.js'),
        import('../adapters/loadtest/builtin-engine.js'),
        import('../adapters/loadtest/cluster-snapshots.js'),
        import('../adapters/loadtest/history-store.js'),
      ]);
      return {
        engine: plan.engine === 'ab' && plan.from !== undefined ? abEngine(c.get(plan.from)) : builtinEngine(caPem !== undefined ? { ca: caPem } : {}),
        haproxy: snapshots.haproxySnapshot(client, p.haproxy.backends),
        sampler: snapshots.clusterRunSampler(p, c, client, plan, ctx.env),
        save: (record) => appendRun(file, record, { onNote }),
      };
    },
    historyFile,
    auditFile,
    async auditJournal() {
      const [file, { readAudit }, { isRunning }] = await Promise.all([auditFile(), import('../adapters/actions/audit-log.js'), import('../adapters/actions/process-identity.js')]);
      const { records, broken } = await readAudit(file);
      return { file, lines: records, broken, isRunning };
    },
    close() {
      closed = true;
      void opened?.then((c) => c.closeAll(), () => undefined);
    },
  };
  return runtime;
}
