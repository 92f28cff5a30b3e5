import type { ClusterState, NodeRow, ServerRow } from '../../../core/cluster/cluster-state.js';
import { valueOf } from '../../../core/health/metric.js';
import { memoryUsedPercent } from '../../../core/present/thresholds.js';
import type { ColumnId } from '../layout.js';

/**
 * The nodes table's order: the profile's (head first), or by one column. Numbers sort the
 * largest first (the busiest node on top), words A to Z; reversed on request. A node with no
 * value for the column goes last either way.
 */

export interface NodeSort {
  readonly column: SortColumn;
  readonly descending: boolean;
}

/** The columns `o` cycles through, in this order (then back to the profile's order). */
export const SORT_COLUMNS = ['name', 'cpu', 'load', 'memory', 'temperature', 'rate', 'sessions', 'weight', 'state', 'reach', 'model', 'clock'] as const satisfies readonly ColumnId[];
export type SortColumn = (typeof SORT_COLUMNS)[number];

const TEXT_COLUMNS: ReadonlySet<SortColumn> = new Set(['name', 'model', 'state', 'reach']);

export function isSortColumn(value: string): value is SortColumn {
  return (SORT_COLUMNS as readonly string[]).includes(value);
}

/** The next column's sort, in its natural direction; after the last, none (the profile's order). */
export function nextSort(sort: NodeSort | undefined): NodeSort | undefined {
  const at = sort === undefined ? -1 : SORT_COLUMNS.indexOf(sort.column);
  const column = SORT_COLUMNS[at + 1];
  return column === undefined ? undefined : { column, descending: !TEXT_COLUMNS.has(column) };
}

function sum(values: readonly (number | undefined)[]): number | undefined {
  return values.some((v) => v !== undefined) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
}

function keyOf(column: SortColumn, row: NodeRow, servers: readonly ServerRow[]): number | string | undefined {
  const h = row.health;
  switch (column) {
    case 'name':
      return row.spec.name;
    case 'model':
      return row.spec.model ?? valueOf(h.board);
    case 'reach':
      return row.connection.state;
    case 'cpu':
      return valueOf(h.cpu)?.busyPercent;
    case 'load':
      return valueOf(h.load)?.load1;
    case 'memory': {
      const m = valueOf(h.memory);
      return m === undefined ? undefined : memoryUsedPercent(m);
    }
    case 'temperature':
      return valueOf(h.temperature)?.celsius;
    case 'clock':
      return valueOf(h.armClock)?.hz;
    case 'state':
      return servers.length === 0 ? undefined : servers.map((s) => s.record.status?.state ?? '?').join('/');
    case 'weight':
      return sum(servers.map((s) => s.record.weight));
    case 'sessions':
      return sum(servers.map((s) => s.record.currentSessions));
    case 'rate':
      return sum(servers.map((s) => s.rates?.requestsPerSecond));
  }
}

/** The rows in the sort's order; equal keys keep the profile's order. */
export function sortNodes(state: ClusterState, rows: readonly NodeRow[], sort: NodeSort | undefined): NodeRow[] {
  if (sort === undefined) return [...rows];
  const keyed = rows.map((row, index) => ({ row, index, key: keyOf(sort.column, row, state.haproxy.servers.filter((s) => s.node === row.spec.name)) }));
  const sign = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.index - b.index : a.key === undefined ? 1 : -1;
    const order = typeof a.key === 'number' && typeof b.key === 'number'
      ? a.key - b.key
      : String(a.key).localeCompare(String(b.key), undefined, { numeric: true });
    return order !== 0 ? sign * order : a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/** "CPU ▼": the column's header with the sort's arrow. */
export function sortArrow(sort: NodeSort): string {
  return sort.descending ? '▼' : '▲';
}
