import type { HaproxyLoad } from '../haproxy/haproxy-load.js';
import { valueOf } from '../health/metric.js';
import type { LoadAverage } from '../health/loadavg.js';
import type { NodeHealth } from '../health/node-health.js';
import type { AggregatedRecord } from '../haproxy/stat-aggregate.js';
import { describeMismatch } from '../haproxy/stat-aggregate.js';
import type { StatRates } from '../haproxy/stat-rates.js';
import { statKey } from '../haproxy/stat-record.js';
import type { InterruptedAction } from '../actions/interrupted-action.js';
import type { NodeRole, Profile } from '../profile/profile.js';
import { noHealth, statusHealth, type StatusNodeHealth } from './status-health.js';

/**
 * `picon status --json`: a documented, stable shape (docs/status.md). Add fields; never rename
 * or remove one.
 */
export interface StatusNode extends StatusNodeHealth {
  readonly name: string;
  readonly role: NodeRole;
  readonly model: string | null;
  readonly address: string;
  readonly reachable: boolean;
  /** Why not: one line naming the node. */
  readonly error: string | null;
  /** refused | timeout | unreachable | auth | host-key-unknown | host-key-changed | host-key-revoked | jump | closed | … */
  readonly errorKind: string | null;
  /** The sshd's software from its ident line (`OpenSSH_9.2p1`, `dropbear_2022.83`); null when not reached. */
  readonly sshServer: string | null;
  readonly uptimeSeconds: number | null;
  readonly load: readonly [number, number, number] | null;
}

export interface StatusServer {
  readonly backend: string;
  readonly server: string;
  /** The profile node this server is, or null. */
  readonly node: string | null;
  readonly status: string;
  readonly weight: number | null;
  readonly currentSessions: number | null;
  readonly checkStatus: string | null;
  /** HAProxy's check_desc: the last check's result in words, as the console's details show it. */
  readonly checkDescription: string | null;
  readonly lastChangeSeconds: number | null;
}

/** Per-second rates between the two `show stat` reads; null when not known (first read, reload). */
export interface StatusRates {
  readonly requestsPerSecond: number | null;
  readonly sessionsPerSecond: number | null;
  readonly bytesInPerSecond: number | null;
  readonly bytesOutPerSecond: number | null;
  readonly http5xxPerSecond: number | null;
}

export interface StatusServerRates extends StatusServer, StatusRates {}

/** A frontend or a backend (the BACKEND row). */
export interface StatusProxy extends StatusRates {
  readonly name: string;
  readonly status: string;
  readonly currentSessions: number | null;
}

export interface StatusReport {
  readonly profile: string;
  readonly nodes: readonly StatusNode[];
  readonly haproxy: {
    readonly reachable: boolean;
    readonly error: string | null;
    readonly version: string | null;
    /** Idle %, run queue, threads and processes from `show info`; null when it was not read. */
    readonly load: { readonly idlePct: number | null; readonly runQueue: number | null; readonly threads: number | null; readonly processes: number } | null;
    readonly servers: readonly StatusServerRates[];
    /** Disagreements between HAProxy processes, one line each. */
    readonly warnings: readonly string[];
    /** Every frontend, and the backends of interest. */
    readonly frontends: readonly StatusProxy[];
    readonly backends: readonly StatusProxy[];
    /** Time between the two `show stat` reads the rates come from; null without rates. */
    readonly rateIntervalMs: number | null;
  };
  /** Actions whose intent is in the audit journal but not their result (picon was killed in between), each reported once. */
  readonly interrupted: readonly InterruptedAction[];
}

export interface NodeProbeResult {
  readonly reachable: boolean;
  readonly error?: { readonly kind: string; readonly message: string };
  /** The sshd's software from its ident line, once connected. */
  readonly sshServer?: string;
  readonly uptimeSeconds?: number;
  readonly load?: LoadAverage;
  /** The node's health after two prober polls (rates need both). */
  readonly health?: NodeHealth;
}

export type HaproxyProbeResult =
  | {
      readonly ok: true;
      readonly version?: string;
      readonly load?: HaproxyLoad;
      readonly records: readonly AggregatedRecord[];
      readonly problems: readonly string[];
      /** By statKey ("web/p1"), between two reads `rateIntervalMs` apart. */
      readonly rates?: ReadonlyMap<string, StatRates>;
      readonly rateIntervalMs?: number;
    }
  | { readonly ok: false; readonly error: string };

const NO_RATES: StatusRates = {
  requestsPerSecond: null,
  sessionsPerSecond: null,
  bytesInPerSecond: null,
  bytesOutPerSecond: null,
  http5xxPerSecond: null,
};

function statusRates(rates: StatRates | undefined): StatusRates {
  if (rates === undefined) return NO_RATES;
  return {
    requestsPerSecond: rates.requestsPerSecond ?? null,
    sessionsPerSecond: rates.sessionsPerSecond ?? null,
    bytesInPerSecond: rates.bytesInPerSecond ?? null,
    bytesOutPerSecond: rates.bytesOutPerSecond ?? null,
    http5xxPerSecond: rates.http5xxPerSecond ?? null,
  };
}

function nodeFields(r: NodeProbeResult | undefined, services: readonly string[]): StatusNodeHealth & Pick<StatusNode, 'uptimeSeconds' | 'load'> {
  if (r?.health === undefined) {
    return {
      uptimeSeconds: r?.uptimeSeconds ?? null,
      load: r?.load !== undefined ? [r.load.load1, r.load.load5, r.load.load15] : null,
      ...noHealth(services, r?.error?.message ?? 'not read'),
    };
  }
  const load = valueOf(r.health.load);
  return {
    uptimeSeconds: valueOf(r.health.uptimeSeconds) ?? null,
    load: load !== undefined ? [load.load1, load.load5, load.load15] : null,
    ...statusHealth(r.health),
  };
}

export function buildStatusReport(profile: Profile, nodes: ReadonlyMap<string, NodeProbeResult>, haproxy: HaproxyProbeResult): StatusReport {
  const owner = new Map<string, string>();
  for (const w of profile.workers) for (const s of w.servers) owner.set(`${s.backend}/${s.server}`, w.name);
  const backends = new Set(profile.haproxy.backends);
  const rates = haproxy.ok ? haproxy.rates : undefined;
  const servers: StatusServerRates[] = haproxy.ok
    ? haproxy.records
        .filter((r) => r.type === 'server' && backends.has(r.proxy))
        .map((r) => ({
          backend: r.proxy,
          server: r.service,
          node: owner.get(`${r.proxy}/${r.service}`) ?? null,
          status: r.status?.raw ?? 'unknown',
          weight: r.weight ?? null,
          currentSessions: r.currentSessions ?? null,
          checkStatus: r.checkStatus ?? null,
          checkDescription: r.checkDescription ?? null,
          lastChangeSeconds: r.lastChangeSeconds ?? null,
          ...statusRates(rates?.get(statKey(r))),
        }))
    : [];
  const proxy = (r: AggregatedRecord, name: string): StatusProxy => ({
    name,
    status: r.status?.raw ?? 'unknown',
    currentSessions: r.currentSessions ?? null,
    ...statusRates(rates?.get(statKey(r))),
  });
  const records = haproxy.ok ? haproxy.records : [];
  const frontends = records.filter((r) => r.type === 'frontend').map((r) => proxy(r, r.proxy));
  const backendRows = records.filter((r) => r.type === 'backend' && backends.has(r.proxy)).map((r) => proxy(r, r.proxy));
  const warnings = haproxy.ok
    ? [...haproxy.problems, ...haproxy.records.flatMap((r) => r.mismatches.map((m) => describeMismatch(r, m)))]
    : [];
  return {
    profile: profile.name,
    nodes: profile.nodes.map((n) => {
      const r = nodes.get(n.name);
      return {
        name: n.name,
        role: n.role,
        model: n.model ?? null,
        address: n.address,
        reachable: r?.reachable ?? false,
        error: r?.error?.message ?? (r === undefined ? `${n.name}: not probed` : null),
        errorKind: r?.error?.kind ?? null,
        sshServer: r?.sshServer ?? null,
        ...nodeFields(r, n.services),
      };
    }),
    haproxy: {
      reachable: haproxy.ok,
      error: haproxy.ok ? null : haproxy.error,
      version: haproxy.ok ? (haproxy.version ?? null) : null,
      load: haproxy.ok && haproxy.load !== undefined
        ? { idlePct: haproxy.load.idlePct ?? null, runQueue: haproxy.load.runQueue ?? null, threads: haproxy.load.threads ?? null, processes: haproxy.load.processes }
        : null,
      servers,
      warnings,
      frontends,
      backends: backendRows,
      rateIntervalMs: haproxy.ok ? (haproxy.rateIntervalMs ?? null) : null,
    },
    interrupted: [],
  };
}
