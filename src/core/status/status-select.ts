import type { Profile } from '../profile/profile.js';
import type { StatusNode, StatusReport } from './status-report.js';

/**
 * `picon status --tag T --model M --sort COLUMN`: the nodes a fleet's operator asked for, in the
 * order asked. Numbers sort the largest first (the busiest node on top), words A to Z, a node
 * without a value last; `-COLUMN` turns the order round.
 */

export const STATUS_SORTS = ['name', 'role', 'model', 'address', 'ssh', 'uptime', 'load', 'cpu', 'memory', 'disk', 'temp', 'clock', 'rate'] as const;
export type StatusSort = (typeof STATUS_SORTS)[number];

export interface StatusSelection {
  readonly tag?: string;
  readonly model?: string;
  readonly sort?: { readonly column: StatusSort; readonly reverse: boolean };
}

/** `cpu`, `-cpu` → the sort; anything else → the list of columns. */
export function parseStatusSort(text: string): { ok: true; sort: NonNullable<StatusSelection['sort']> } | { ok: false; reason: string } {
  const reverse = text.startsWith('-');
  const column = (reverse ? text.slice(1) : text).toLowerCase();
  if ((STATUS_SORTS as readonly string[]).includes(column)) return { ok: true, sort: { column: column as StatusSort, reverse } };
  return { ok: false, reason: `--sort ${text}: no such column (columns: ${STATUS_SORTS.join(', ')}; -COLUMN reverses)` };
}

function keyOf(column: StatusSort, node: StatusNode, report: StatusReport): number | string | null {
  switch (column) {
    case 'name':
      return node.name;
    case 'role':
      return node.role;
    case 'model':
      return node.model;
    case 'address':
      return node.address;
    case 'ssh':
      return node.reachable ? 'up' : (node.errorKind ?? 'down');
    case 'uptime':
      return node.uptimeSeconds;
    case 'load':
      return node.load?.[0] ?? null;
    case 'cpu':
      return node.cpu?.busyPercent ?? null;
    case 'memory':
      return node.memory === null ? null : node.memory.usedBytes / Math.max(1, node.memory.totalBytes);
    case 'disk':
      return node.disk?.usedPercent ?? null;
    case 'temp':
      return node.temperatureCelsius;
    case 'clock':
      return node.armClockHz;
    case 'rate': {
      const rates = report.haproxy.servers.filter((s) => s.node === node.name).map((s) => s.requestsPerSecond);
      return rates.some((r) => r !== null) ? rates.reduce<number>((a, r) => a + (r ?? 0), 0) : null;
    }
  }
}

const TEXT: ReadonlySet<StatusSort> = new Set(['name', 'role', 'model', 'address', 'ssh']);

/** Whether some node of the profile has the tag and the model (as the profile names them). */
export function anyNodeSelected(profile: Profile, selection: StatusSelection): boolean {
  const tag = selection.tag?.toLowerCase();
  const model = selection.model?.toLowerCase();
  return profile.nodes.some((n) => (tag === undefined || (n.tags ?? []).some((t) => t.toLowerCase() === tag))
    && (model === undefined || (n.model ?? '').toLowerCase().includes(model)));
}

/** The report with only the nodes (and their HAProxy servers) the selection keeps, in its order. */
export function selectStatus(report: StatusReport, profile: Profile, selection: StatusSelection): StatusReport {
  const spec = new Map(profile.nodes.map((n) => [n.name, n]));
  const tag = selection.tag?.toLowerCase();
  const model = selection.model?.toLowerCase();
  let nodes = report.nodes.filter((n) => {
    const s = spec.get(n.name);
    if (tag !== undefined && !(s?.tags ?? []).some((t) => t.toLowerCase() === tag)) return false;
    if (model !== undefined && !(n.model ?? s?.model ?? '').toLowerCase().includes(model)) return false;
    return true;
  });
  const sort = selection.sort;
  if (sort !== undefined) {
    const sign = (TEXT.has(sort.column) ? 1 : -1) * (sort.reverse ? -1 : 1);
    nodes = nodes
      .map((node, index) => ({ node, index, key: keyOf(sort.column, node, report) }))
      .sort((a, b) => {
        if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
        const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key), undefined, { numeric: true });
        return order !== 0 ? sign * order : a.index - b.index;
      })
      .map((k) => k.node);
  }
  if (nodes.length === report.nodes.length && sort === undefined) return report;
  const kept = new Set(nodes.map((n) => n.name));
  const filtered = selection.tag !== undefined || selection.model !== undefined;
  const servers = filtered ? report.haproxy.servers.filter((s) => s.node !== null && kept.has(s.node)) : report.haproxy.servers;
  return { ...report, nodes, haproxy: { ...report.haproxy, servers } };
}

/** The tags and models a profile has, for the line that says a selection matched nothing. */
export function selectionChoices(profile: Profile): { tags: string[]; models: string[] } {
  return {
    tags: [...new Set(profile.nodes.flatMap((n) => n.tags ?? []))],
    models: [...new Set(profile.nodes.map((n) => n.model).filter((m): m is string => m !== undefined))],
  };
}
