import type { LoadAverage } from '../health/loadavg.js';
import type { AggregatedRecord } from '../haproxy/stat-aggregate.js';
import { describeMismatch } from '../haproxy/stat-aggregate.js';
import type { NodeRole, Profile } from '../profile/profile.js';

/**
 * `picon status --json`: a documented, stable shape (docs/commands.md). Add fields; never rename
 * or remove one.
 */
export interface StatusNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly model: string | null;
  readonly address: string;
  readonly reachable: boolean;
  /** Why not: one line naming the node. */
  readonly error: string | null;
  /** refused | timeout | unreachable | auth | host-key-unknown | host-key-changed | host-key-revoked | jump | closed | … */
  readonly errorKind: string | null;
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
  readonly lastChangeSeconds: number | null;
}

export interface StatusReport {
  readonly profile: string;
  readonly nodes: readonly StatusNode[];
  readonly haproxy: {
    readonly reachable: boolean;
    readonly error: string | null;
    readonly version: string | null;
    readonly servers: readonly StatusServer[];
    /** Disagreements between HAProxy processes, one line each. */
    readonly warnings: readonly string[];
  };
}

export interface NodeProbeResult {
  readonly reachable: boolean;
  readonly error?: { readonly kind: string; readonly message: string };
  readonly uptimeSeconds?: number;
  readonly load?: LoadAverage;
}

export type HaproxyProbeResult =
  | { readonly ok: true; readonly version?: string; readonly records: readonly AggregatedRecord[]; readonly problems: readonly string[] }
  | { readonly ok: false; readonly error: string };

export function buildStatusReport(profile: Profile, nodes: ReadonlyMap<string, NodeProbeResult>, haproxy: HaproxyProbeResult): StatusReport {
  const owner = new Map<string, string>();
  for (const w of profile.workers) for (const s of w.servers) owner.set(`${s.backend}/${s.server}`, w.name);
  const backends = new Set(profile.haproxy.backends);
  const servers: StatusServer[] = haproxy.ok
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
          lastChangeSeconds: r.lastChangeSeconds ?? null,
        }))
    : [];
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
        uptimeSeconds: r?.uptimeSeconds ?? null,
        load: r?.load !== undefined ? [r.load.load1, r.load.load5, r.load.load15] : null,
      };
    }),
    haproxy: {
      reachable: haproxy.ok,
      error: haproxy.ok ? null : haproxy.error,
      version: haproxy.ok ? (haproxy.version ?? null) : null,
      servers,
      warnings,
    },
  };
}
