import type { ClusterState, ServerRow } from '../cluster/cluster-state.js';
import { formatRate } from '../present/units.js';
import type { LineChartData, LineSeries, SeriesColor } from './widget-data.js';

export const CHART_WINDOW_SECONDS = 300;
/** More servers than this: the busiest are drawn and the title says how many are left out. */
export const MAX_SERVER_SERIES = 6;

const SERVER_COLORS: readonly SeriesColor[] = ['cyan', 'magenta', 'green', 'blue', 'red', 'white'];

/** -125 s → "-2:05"; 0 → "now". */
export function relativeLabel(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s === 0) return 'now';
  return `-${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The smallest of 1, 2, 5 × 10^k that is at least `value` (and at least `floor`). */
export function niceCeiling(value: number, floor = 5): number {
  const v = Math.max(value, floor);
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= v) return step * magnitude;
  return 10 * magnitude;
}

export function serverTitle(row: Pick<ServerRow, 'node' | 'server' | 'backend'>, backends: number): string {
  const name = row.node ?? row.server;
  return backends > 1 ? `${name} (${row.backend})` : name;
}

/** Cluster req/s (all frontends) and each server's req/s over the last `windowSeconds`. */
export function throughputChart(state: ClusterState, now: number, windowSeconds = CHART_WINDOW_SECONDS): LineChartData {
  const points = state.throughput.filter((p) => p.at >= now - windowSeconds * 1000 && p.at <= now);
  const minutes = Math.round(windowSeconds / 60);
  const baseTitle = `Requests/s, last ${minutes} min`;
  if (points.length === 0) {
    const why = state.haproxy.state === 'error' ? `HAProxy not answering: ${state.haproxy.error ?? 'no reason given'}` : 'waiting for two HAProxy polls';
    return { title: baseTitle, labels: [], series: [], maxY: niceCeiling(0), note: why };
  }
  const labels = points.map((p) => relativeLabel((p.at - now) / 1000));
  const cluster: LineSeries = { title: 'cluster', values: points.map((p) => p.requestsPerSecond), color: 'yellow' };

  const keys = [...new Set(points.flatMap((p) => Object.keys(p.perServer)))];
  const rows = new Map(state.haproxy.servers.map((s) => [`${s.backend}/${s.server}`, s]));
  const backends = state.backends.length;
  const total = (key: string) => points.reduce((sum, p) => sum + (p.perServer[key] ?? 0), 0);
  const shown = keys.length > MAX_SERVER_SERIES ? [...keys].sort((a, b) => total(b) - total(a)).slice(0, MAX_SERVER_SERIES) : keys;
  const order = keys.filter((k) => shown.includes(k));
  const servers: LineSeries[] = order.map((key, i) => {
    const row = rows.get(key);
    const [backend = '', server = key] = key.split('/');
    return {
      title: row !== undefined ? serverTitle(row, backends) : serverTitle({ node: null, backend, server }, backends),
      values: points.map((p) => p.perServer[key] ?? 0),
      color: SERVER_COLORS[i % SERVER_COLORS.length] ?? 'white',
    };
  });
  const series = [cluster, ...servers];
  const max = Math.max(...series.flatMap((s) => s.values));
  const latest = points[points.length - 1]?.requestsPerSecond ?? 0;
  const hidden = keys.length - order.length;
  return {
    title: `${baseTitle} · now ${formatRate(latest)}${hidden > 0 ? ` · ${hidden} quieter servers not drawn` : ''}`,
    labels,
    series,
    maxY: niceCeiling(max * 1.1),
  };
}
