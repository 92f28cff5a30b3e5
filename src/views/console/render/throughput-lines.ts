import type { ClusterState } from '../../../core/cluster/cluster-state.js';
import { brailleChart } from '../format/braille-chart.js';
import { fit } from '../../../core/present/fit.js';
import { formatBytesPerSecond, formatRate } from '../../../core/present/units.js';
import { shareBar } from '../format/sparkline.js';
import { throughputSplit } from '../layout.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from '../../../core/present/tone.js';

/** Seconds averaged for the share bars: steadier than one second's split. */
const SHARE_SECONDS = 10;

export interface ServerShare {
  readonly name: string;
  readonly rate: number;
  readonly fraction: number;
}

/** Each server's part of the requests over the last SHARE_SECONDS points. */
export function serverShares(state: ClusterState): ServerShare[] {
  const points = state.throughput.slice(-SHARE_SECONDS);
  const totals = new Map<string, number>();
  for (const p of points) for (const [key, rate] of Object.entries(p.perServer)) totals.set(key, (totals.get(key) ?? 0) + rate);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const multi = state.backends.length > 1;
  return state.haproxy.servers.map((s) => {
    const key = `${s.backend}/${s.server}`;
    const sum = totals.get(key) ?? 0;
    return { name: multi ? key : (s.node ?? s.server), rate: points.length === 0 ? 0 : sum / points.length, fraction: all > 0 ? sum / all : 0 };
  });
}

/**
 * The busiest servers first, as many as `rows` hold; when some do not fit, the last row says how
 * many more and their part of the requests (`27 more: 41% of requests`).
 */
export function topShares(shares: readonly ServerShare[], rows: number): { shown: ServerShare[]; more?: { count: number; fraction: number } } {
  const sorted = [...shares].sort((a, b) => b.fraction - a.fraction || b.rate - a.rate);
  if (sorted.length <= rows) return { shown: sorted };
  const shown = sorted.slice(0, Math.max(0, rows - 1));
  const rest = sorted.slice(shown.length);
  return { shown, more: { count: rest.length, fraction: rest.reduce((a, s) => a + s.fraction, 0) } };
}

/** Cluster req/s over the last minutes as a braille line chart of `rows` lines under a title, with the per-server share. */
export function throughputLines({ cluster, size }: PaneView, rows: number): Segment[][] {
  const split = throughputSplit(size.columns - 1);
  const series = cluster.throughput.map((p) => p.requestsPerSecond);
  const top = Math.max(1, ...series.slice(-split.chart * 2));
  const chart = brailleChart(series, { width: split.chart, height: rows, max: top });
  const { shown: shares, more } = topShares(serverShares(cluster), rows);
  const last = cluster.throughput[cluster.throughput.length - 1];
  const minutes = Math.max(1, Math.round((split.chart * 2) / 60));
  const h = cluster.haproxy;
  const title =
    h.state === 'error'
      ? `HAProxy: ${h.error ?? 'not answering'} (numbers below are from the last good poll)`
      : `Throughput, last ${minutes} min: ${last === undefined ? 'waiting for two polls' : `${formatRate(last.requestsPerSecond)} req/s, ${formatBytesPerSecond(last.bytesOutPerSecond)} out`}`;
  const nameWidth = Math.min(12, Math.max(4, ...shares.map((s) => s.name.length)));
  const barWidth = Math.max(4, split.share - nameWidth - 12);
  const width = size.columns - 1;
  const lines: Segment[][] = [[seg(fit(`─ ${title} `, width).replace(/ +$/, (t) => '─'.repeat(t.length)), h.state === 'error' ? 'bad' : 'heading')]];
  chart.forEach((line, i) => {
    const label = i === 0 ? formatRate(top) : i === chart.length - 1 ? '0' : '';
    const share = shares[i];
    const out: Segment[] = [seg(`${fit(label, split.axis - 2, 'right')} ┤`, 'dim'), seg(line, 'accent')];
    if (split.share > 0 && share !== undefined) {
      out.push(seg(`  ${fit(share.name, nameWidth)} `), seg(shareBar(share.fraction, barWidth), 'good'));
      out.push(seg(`${fit(`${Math.round(share.fraction * 100)}%`, 5, 'right')}${fit(formatRate(share.rate), 6, 'right')}`));
    } else if (split.share > 0 && i === shares.length && more !== undefined) {
      out.push(seg('  '), seg(fit(`${more.count} more: ${Math.round(more.fraction * 100)}% of requests`, split.share - 2), 'dim'));
    }
    lines.push(out);
  });
  return lines;
}
