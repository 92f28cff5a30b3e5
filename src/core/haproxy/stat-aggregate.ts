import { STAT_COUNTERS, STAT_LEVELS, statKey, type StatRecord } from './stat-record.js';

/**
 * One view of several HAProxy processes (old `nbproc` HAProxy with a socket per process, or the
 * workers behind a master CLI): counters and levels are summed; status and weight must agree,
 * and where they do not the row carries a mismatch to show.
 */

export interface ProcessStats {
  /** How the process is named to a person: the socket path, or "worker 1234". */
  readonly process: string;
  readonly records: readonly StatRecord[];
}

export interface Mismatch {
  readonly field: 'status' | 'weight' | 'present';
  readonly values: readonly { readonly process: string; readonly value: string }[];
}

export interface AggregatedRecord extends StatRecord {
  /** Processes that reported this row. */
  readonly processes: number;
  readonly mismatches: readonly Mismatch[];
}

const SUMMED = [...STAT_COUNTERS, ...STAT_LEVELS] as const;

function sum(values: readonly (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}

function disagreement(
  field: Mismatch['field'],
  rows: readonly { process: string; record: StatRecord }[],
  read: (r: StatRecord) => string,
): Mismatch[] {
  const values = rows.map(({ process, record }) => ({ process, value: read(record) }));
  return new Set(values.map((v) => v.value)).size > 1 ? [{ field, values }] : [];
}

function merge(rows: readonly { process: string; record: StatRecord }[], all: readonly string[]): AggregatedRecord {
  const first = rows[0]?.record;
  if (first === undefined) throw new Error('merge of no rows');
  // The common case (one process): nothing to add up or compare.
  if (all.length === 1) return { ...first, processes: 1, mismatches: [] };
  const merged: Record<string, unknown> = { ...first };
  for (const field of SUMMED) {
    const total = sum(rows.map((r) => r.record[field]));
    if (total === undefined) delete merged[field];
    else merged[field] = total;
  }
  const changes = rows.map((r) => r.record.lastChangeSeconds).filter((v): v is number => v !== undefined);
  if (changes.length > 0) merged.lastChangeSeconds = Math.min(...changes);
  const mismatches = [
    ...disagreement('status', rows, (r) => r.status?.state ?? '-'),
    ...disagreement('weight', rows, (r) => String(r.weight ?? '-')),
  ];
  if (rows.length < all.length) {
    const seen = new Set(rows.map((r) => r.process));
    mismatches.push({ field: 'present', values: all.map((process) => ({ process, value: seen.has(process) ? 'yes' : 'no' })) });
  }
  if (rows.length > 1) delete merged.processNumber;
  merged.processes = rows.length;
  merged.mismatches = mismatches;
  return merged as unknown as AggregatedRecord;
}

export function aggregateStats(perProcess: readonly ProcessStats[]): AggregatedRecord[] {
  const byKey = new Map<string, { process: string; record: StatRecord }[]>();
  for (const { process, records } of perProcess) {
    for (const record of records) {
      const key = statKey(record);
      const rows = byKey.get(key) ?? [];
      rows.push({ process, record });
      byKey.set(key, rows);
    }
  }
  const processes = perProcess.map((p) => p.process);
  return [...byKey.values()].map((rows) => merge(rows, processes));
}

/** One line per mismatch, e.g. `web/pi1 weight differs: 1 (process 1), 3 (process 2)`. */
export function describeMismatch(record: Pick<StatRecord, 'proxy' | 'service'>, mismatch: Mismatch): string {
  const what = mismatch.field === 'present' ? 'missing from some processes' : `${mismatch.field} differs`;
  const values = mismatch.values.map((v) => `${v.value} (${v.process})`).join(', ');
  return `${statKey(record)} ${what}: ${values}`;
}
