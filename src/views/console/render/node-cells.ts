import type { ActionActivity, NodeRow, ServerRow } from '../../../core/cluster/cluster-state.js';
import { valueOf } from '../../../core/health/metric.js';
import type { ThrottleFlags } from '../../../core/health/throttling.js';
import type { StatusState } from '../../../core/haproxy/server-status.js';
import { formatCelsius, formatPercent, formatRate } from '../format/numbers.js';
import { formatSince } from '../format/duration.js';
import { sparkline } from '../format/sparkline.js';
import { GAP, type Column, type ColumnId } from '../layout.js';
import { byLevel, metricCell, STALE_MARK } from './cells.js';
import { fit, seg, type Segment, type Tone } from './tone.js';

export interface RowContext {
  readonly now: number;
  /** The latest action on this node, if any. */
  readonly activity?: ActionActivity;
  /** HAProxy's numbers are from an older poll (its last poll failed). */
  readonly haproxyStale: boolean;
}

/** Columns that come from the node over SSH; a down node shows why across them instead. */
const HEALTH: ReadonlySet<ColumnId> = new Set(['cpu', 'load', 'memory', 'temperature', 'clock', 'flags', 'services']);

const FLAG_SHORT: Readonly<Record<keyof ThrottleFlags, string>> = {
  underVoltage: 'UV',
  throttled: 'THR',
  armFrequencyCapped: 'CAP',
  softTemperatureLimit: 'SOFT',
};

export function throttleShort(flags: ThrottleFlags): string[] {
  return (Object.keys(FLAG_SHORT) as (keyof ThrottleFlags)[]).filter((k) => flags[k]).map((k) => FLAG_SHORT[k]);
}

export function stateTone(state: StatusState | undefined): Tone {
  switch (state) {
    case 'UP':
    case 'NO_CHECK':
      return 'good';
    case 'DOWN':
      return 'bad';
    case 'DRAIN':
    case 'MAINT':
    case 'NOLB':
      return 'warn';
    default:
      return 'dim';
  }
}

function flagsCell(row: NodeRow): Segment {
  const t = row.health.throttling;
  if (t.state === 'unknown') return seg('-', 'dim');
  const now = throttleShort(t.value.now);
  const stale = t.state === 'stale' ? STALE_MARK : '';
  if (now.length > 0) return seg(`${now.join(' ')}${stale}`, t.state === 'stale' ? 'warn' : 'alert');
  const before = throttleShort(t.value.sinceBoot);
  if (before.length > 0) return seg(`was ${before[0]}${stale}`, 'warn');
  return seg(`ok${stale}`, t.state === 'stale' ? 'dim' : 'good');
}

function servicesCell(row: NodeRow): Segment {
  const services = row.health.services;
  if (services.length === 0) return seg('', 'dim');
  const known = services.map((s) => ({ name: s.name, metric: s.state, value: valueOf(s.state) }));
  if (known.every((s) => s.value === undefined)) return seg('-', 'dim');
  const stale = known.some((s) => s.metric.state === 'stale') ? STALE_MARK : '';
  const down = known.filter((s) => s.value !== undefined && !s.value.running).map((s) => s.name);
  if (down.length > 0) return seg(`✗${down.join(',')}${stale}`, stale === '' ? 'bad' : 'warn');
  return seg(`✓${known.map((s) => s.name).join(',')}${stale}`, stale === '' ? 'good' : 'dim');
}

function stateCell(servers: readonly ServerRow[], ctx: RowContext): Segment {
  if (ctx.activity?.state === 'running') return seg(`${ctx.activity.label.split(' ')[0] ?? ''}…`, 'accent');
  if (servers.length === 0) return seg('', 'dim');
  const states = servers.map((s) => s.record.status);
  const text = states.map((s) => (s === undefined ? '?' : s.state === 'NO_CHECK' ? 'no chk' : s.transition !== undefined ? `${s.state} ${s.transition.done}/${s.transition.needed}` : s.state)).join('/');
  const worst = states.map((s) => s?.state).find((s) => s !== 'UP') ?? states[0]?.state;
  return seg(`${text}${ctx.haproxyStale ? STALE_MARK : ''}`, ctx.haproxyStale ? 'dim' : stateTone(worst));
}

function sum(values: readonly (number | undefined)[]): number | undefined {
  return values.some((v) => v !== undefined) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
}

function haproxyNumber(servers: readonly ServerRow[], ctx: RowContext, read: (s: ServerRow) => number | undefined, format: (n: number) => string): Segment {
  const total = sum(servers.map(read));
  if (total === undefined) return seg(servers.length === 0 ? '' : '-', 'dim');
  return ctx.haproxyStale ? seg(`${format(total)}${STALE_MARK}`, 'dim') : seg(format(total));
}

/** Requests/s per second over the node's servers together, oldest first. */
export function nodeHistory(servers: readonly ServerRow[]): (number | undefined)[] {
  const longest = Math.max(0, ...servers.map((s) => s.requestHistory.length));
  return Array.from({ length: longest }, (_, i) =>
    sum(servers.map((s) => s.requestHistory[s.requestHistory.length - longest + i])),
  );
}

function cell(id: ColumnId, width: number, row: NodeRow, servers: readonly ServerRow[], ctx: RowContext): Segment {
  const h = row.health;
  switch (id) {
    case 'name':
      return seg(row.spec.name);
    case 'model':
      return seg(row.spec.model ?? valueOf(h.board) ?? '-', 'dim');
    case 'reach':
      return reachCell(row);
    case 'cpu':
      return metricCell(h.cpu, (c) => formatPercent(c.busyPercent), (c) => byLevel(80, 95)(c.busyPercent));
    case 'load':
      return metricCell(h.load, (l) => l.load1.toFixed(2));
    case 'memory':
      return metricCell(h.memory, (m) => formatPercent((m.usedBytes / Math.max(1, m.totalBytes)) * 100), (m) => byLevel(85, 95)((m.usedBytes / Math.max(1, m.totalBytes)) * 100));
    case 'temperature':
      return metricCell(h.temperature, (t) => formatCelsius(t.celsius), (t) => byLevel(70, 80)(t.celsius));
    case 'clock':
      // Held down by the firmware (its capped bit set now): bad, like the temperature past 80 °C.
      return metricCell(h.armClock, (c) => `${Math.round(c.hz / 1e6)}MHz`, () => (valueOf(h.throttling)?.now.armFrequencyCapped === true ? 'bad' : 'normal'));
    case 'flags':
      return flagsCell(row);
    case 'services':
      return servicesCell(row);
    case 'state':
      return stateCell(servers, ctx);
    case 'check': {
      const checks = servers.map((s) => s.record.checkStatus).filter((c): c is string => c !== undefined);
      if (checks.length === 0) return seg('', 'dim');
      const bad = checks.find((c) => !/OK$/.test(c));
      return seg(bad ?? checks[0] ?? '', bad !== undefined ? 'bad' : 'dim');
    }
    case 'weight':
      return haproxyNumber(servers, ctx, (s) => s.record.weight, String);
    case 'sessions':
      return haproxyNumber(servers, ctx, (s) => s.record.currentSessions, String);
    case 'rate':
      return haproxyNumber(servers, ctx, (s) => s.rates?.requestsPerSecond, formatRate);
    case 'spark':
      return servers.length === 0 ? seg('') : seg(sparkline(nodeHistory(servers), width), ctx.haproxyStale ? 'dim' : 'normal');
  }
}

export function reachCell(row: NodeRow): Segment {
  switch (row.connection.state) {
    case 'up':
      return seg('up', 'good');
    case 'connecting':
      return seg('conn…', 'dim');
    case 'down':
      return seg('DOWN', 'bad');
    case 'closed':
      return seg('closed', 'dim');
  }
}

/**
 * Why a node is not answering, and since when, in at most `width` characters: the full reason
 * when it fits, else its kind ("refused", "timeout"); the details view has it all.
 */
export function downReason(row: NodeRow, now: number, width = Number.POSITIVE_INFINITY): string {
  const c = row.connection;
  const prefix = `${row.spec.name}: `;
  const message = c.error?.message ?? 'connection lost';
  const why = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const since = formatSince(c.since, now);
  const retry = c.attempts > 0 ? ` · retry ${c.attempts}` : '';
  const bare = why.replace(/\s*\([^)]*\)$/, '');
  const short = `${c.error?.kind ?? 'down'} · ${since}`;
  const candidates = [`${why} · ${since}${retry}`, `${why} · ${since}`, `${bare} · ${since}`, short];
  return candidates.find((t) => t.length <= width) ?? short;
}

/**
 * One table row as styled segments (gaps included), exactly as wide as the columns. A node that
 * is down, or still connecting with nothing read yet, shows that across its health columns.
 */
export function renderNodeRow(row: NodeRow, servers: readonly ServerRow[], columns: readonly Column[], ctx: RowContext): Segment[] {
  const out: Segment[] = [];
  const neverRead = row.health.cpu.state === 'unknown' && row.health.load.state === 'unknown';
  const spanWidth = columns.filter((c) => HEALTH.has(c.id)).reduce((w, c) => w + c.width + GAP, -GAP);
  const span =
    row.connection.state === 'down'
      ? seg(downReason(row, ctx.now, spanWidth), 'bad')
      : row.connection.state === 'connecting' && neverRead
        ? seg(row.connection.attempts > 0 ? `connecting… (attempt ${row.connection.attempts + 1})` : 'connecting…', 'dim')
        : undefined;
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i] as Column;
    if (i > 0) out.push(seg(' '));
    if (span !== undefined && HEALTH.has(col.id)) {
      let end = i;
      while (end + 1 < columns.length && HEALTH.has((columns[end + 1] as Column).id)) end++;
      const last = columns[end] as Column;
      out.push({ text: fit(span.text, last.x + last.width - col.x), tone: span.tone });
      i = end;
      continue;
    }
    const c = cell(col.id, col.width, row, servers, ctx);
    out.push({ text: fit(c.text, col.width, col.align), tone: c.tone });
  }
  return out;
}

export function headerCells(columns: readonly Column[]): string {
  return columns.map((c) => fit(c.title, c.width, c.align)).join(' ');
}
