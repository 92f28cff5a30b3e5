import { recordRates } from '../haproxy/stat-rates.js';
import { statKey, type StatRecord } from '../haproxy/stat-record.js';
import type { AggregatedRecord } from '../haproxy/stat-aggregate.js';
import { describeMismatch } from '../haproxy/stat-aggregate.js';
import {
  HISTORY_SECONDS,
  SPARKLINE_SECONDS,
  type ClusterState,
  type ProxyTotals,
  type ServerRow,
  type ThroughputPoint,
} from './cluster-state.js';
import type { NewEvent } from './event-log.js';

export interface StatsInput {
  readonly at: number;
  readonly records: readonly AggregatedRecord[];
  readonly problems: readonly string[];
}

const sum = (values: readonly (number | undefined)[]): number | undefined =>
  values.some((v) => v !== undefined) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;

function label(row: { node: string | null; backend: string; server: string }, backends: number): string {
  const name = row.node ?? row.server;
  return backends > 1 ? `${name} (${row.backend})` : name;
}

function serverEvents(before: StatRecord | undefined, row: ServerRow, backends: number): NewEvent[] {
  const name = label(row, backends);
  const now = row.record;
  if (before === undefined) return [];
  const events: NewEvent[] = [];
  const was = before.status?.state;
  const is = now.status?.state;
  if (was !== is && is !== undefined) {
    const check = is === 'DOWN' && now.checkStatus !== undefined ? ` ${now.checkStatus}` : '';
    events.push({ level: is === 'DOWN' ? 'error' : is === 'UP' ? 'info' : 'warn', text: `${name} ${is}${check}` });
  }
  if (before.weight !== undefined && now.weight !== undefined && before.weight !== now.weight) {
    events.push({ level: 'info', text: `${name} weight ${before.weight}→${now.weight}` });
  }
  return events;
}

/** A `show stat` poll: new rows, rates against the previous poll, history, and what changed. */
export function stepHaproxyStats(
  state: ClusterState,
  input: StatsInput,
  owners: ReadonlyMap<string, string>,
): { state: ClusterState; events: NewEvent[] } {
  const pane = state.haproxy;
  const previous = pane.previous;
  const seconds = previous === undefined ? 0 : (input.at - previous.atMs) / 1000;
  const before = new Map((previous?.records ?? []).map((r) => [statKey(r), r]));
  const oldRows = new Map(pane.servers.map((s) => [`${s.backend}/${s.server}`, s]));
  const backends = new Set(state.backends);
  const events: NewEvent[] = [];
  let reset = false;

  const rateOf = (record: StatRecord) => {
    const then = before.get(statKey(record));
    if (then === undefined || seconds <= 0) return undefined;
    const rates = recordRates(then, record, seconds);
    if (rates.reset) reset = true;
    return rates;
  };

  const servers: ServerRow[] = input.records
    .filter((r) => r.type === 'server' && backends.has(r.proxy))
    .map((record) => {
      const key = statKey(record);
      const rates = rateOf(record);
      const history = [...(oldRows.get(key)?.requestHistory ?? []), rates?.requestsPerSecond];
      const row: ServerRow = {
        backend: record.proxy,
        server: record.service,
        node: owners.get(key) ?? null,
        record,
        ...(rates !== undefined && { rates }),
        requestHistory: history.length > SPARKLINE_SECONDS ? history.slice(history.length - SPARKLINE_SECONDS) : history,
      };
      events.push(...serverEvents(before.get(key), row, backends.size));
      return row;
    });

  const frontendRows = input.records.filter((r) => r.type === 'frontend');
  const frontendRates = frontendRows.map(rateOf);
  const frontend: ProxyTotals = {
    ...optional('requestsPerSecond', sum(frontendRates.map((r) => r?.requestsPerSecond))),
    ...optional('bytesOutPerSecond', sum(frontendRates.map((r) => r?.bytesOutPerSecond))),
    ...optional('http5xxPerSecond', sum(frontendRates.map((r) => r?.http5xxPerSecond))),
    ...optional('currentSessions', sum(frontendRows.map((r) => r.currentSessions))),
  };
  if (reset) events.push({ level: 'warn', text: 'head: HAProxy reloaded (counters reset)' });
  if (pane.state === 'error') events.push({ level: 'info', text: 'HAProxy answering again' });

  const point: ThroughputPoint | undefined =
    frontend.requestsPerSecond === undefined
      ? undefined
      : {
          at: input.at,
          requestsPerSecond: frontend.requestsPerSecond,
          bytesOutPerSecond: frontend.bytesOutPerSecond ?? 0,
          perServer: Object.fromEntries(servers.map((s) => [`${s.backend}/${s.server}`, s.rates?.requestsPerSecond ?? 0])),
        };
  const throughput = point === undefined ? state.throughput : [...state.throughput, point].slice(-HISTORY_SECONDS);

  const warnings = [...input.problems, ...input.records.flatMap((r) => r.mismatches.map((m) => describeMismatch(r, m)))];
  const { error: _cleared, ...rest } = pane;
  return {
    state: {
      ...state,
      throughput,
      haproxy: {
        ...rest,
        state: 'ok',
        updatedAt: input.at,
        servers,
        frontend,
        warnings,
        previous: { atMs: input.at, records: input.records },
      },
    },
    events,
  };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
