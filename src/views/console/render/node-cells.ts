import type { ActionActivity, NodeRow, ServerRow } from '../../../core/cluster/cluster-state.js';
import { valueOf } from '../../../core/health/metric.js';
import { fit } from '../../../core/present/fit.js';
import { readingLink, shownMetric, shownSegment, sourceAgeText, STALE_MARK } from '../../../core/present/freshness.js';
import { checkTone, connectionText, connectionTone, NO_THROTTLING, serverStateText, serverStateTone, throttleShort, throttlingTone } from '../../../core/present/state-words.js';
import { CPU_BUSY_PERCENT, MEMORY_USED_PERCENT, memoryUsedPercent, TEMPERATURE_CELSIUS, toneBy } from '../../../core/present/thresholds.js';
import { sinceText } from '../../../core/present/time.js';
import { formatCelsius, formatLoad, formatMHz, formatPercent, formatRate, UNKNOWN_TEXT } from '../../../core/present/units.js';
import { seg, type Segment } from '../../../core/present/tone.js';
import { sparkline } from '../format/sparkline.js';
import { GAP, type Column, type ColumnId } from '../layout.js';
import { sortArrow, type NodeSort } from './node-sort.js';

export interface RowContext {
  readonly now: number;
  /** The latest action on this node, if any. */
  readonly activity?: ActionActivity;
  /** HAProxy's numbers are from an older poll (its last poll failed). */
  readonly haproxyStale: boolean;
}

/** Columns that come from the node over SSH; a down node shows why across them instead. */
const HEALTH: ReadonlySet<ColumnId> = new Set(['cpu', 'load', 'memory', 'temperature', 'clock', 'flags', 'services']);

function flagsCell(row: NodeRow): Segment {
  const t = shownMetric(row.health.throttling, readingLink(row));
  if (t.kind === 'unknown') return seg(UNKNOWN_TEXT, 'dim');
  const stale = t.kind === 'stale' ? STALE_MARK : '';
  const now = throttleShort(t.value.now);
  const before = throttleShort(t.value.sinceBoot);
  const text = now.length > 0 ? now.join(' ') : before.length > 0 ? `was ${before[0]}` : NO_THROTTLING;
  return seg(`${text}${stale}`, t.kind === 'stale' ? 'dim' : throttlingTone(t.value));
}

function servicesCell(row: NodeRow): Segment {
  const services = row.health.services;
  if (services.length === 0) return seg('', 'dim');
  const known = services.map((s) => ({ name: s.name, metric: s.state, value: valueOf(s.state) }));
  if (known.every((s) => s.value === undefined)) return seg(UNKNOWN_TEXT, 'dim');
  const stale = known.some((s) => s.metric.state === 'stale') ? STALE_MARK : '';
  const down = known.filter((s) => s.value !== undefined && !s.value.running).map((s) => s.name);
  if (down.length > 0) return seg(`✗${down.join(',')}${stale}`, stale === '' ? 'bad' : 'warn');
  return seg(`✓${known.map((s) => s.name).join(',')}${stale}`, stale === '' ? 'good' : 'dim');
}

function stateCell(servers: readonly ServerRow[], ctx: RowContext): Segment {
  if (ctx.activity?.state === 'running') return seg(`${ctx.activity.label.split(' ')[0] ?? ''}…`, 'accent');
  if (servers.length === 0) return seg('', 'dim');
  const states = servers.map((s) => s.record.status);
  const text = states.map(serverStateText).join('/');
  const notUp = states.findIndex((s) => s?.state !== 'UP' || s.transition !== undefined);
  const worst = states[notUp === -1 ? 0 : notUp];
  return seg(`${text}${ctx.haproxyStale ? STALE_MARK : ''}`, ctx.haproxyStale ? 'dim' : serverStateTone(worst));
}

function sum(values: readonly (number | undefined)[]): number | undefined {
  return values.some((v) => v !== undefined) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
}

function haproxyNumber(servers: readonly ServerRow[], ctx: RowContext, read: (s: ServerRow) => number | undefined, format: (n: number) => string): Segment {
  const total = sum(servers.map(read));
  if (total === undefined) return seg(servers.length === 0 ? '' : UNKNOWN_TEXT, 'dim');
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
      return seg(row.spec.model ?? valueOf(h.board) ?? UNKNOWN_TEXT, 'dim');
    case 'reach':
      return reachCell(row, ctx.now);
    case 'cpu':
      return shownSegment(shownMetric(h.cpu, readingLink(row)), (c) => formatPercent(c.busyPercent), (c) => toneBy(CPU_BUSY_PERCENT)(c.busyPercent));
    case 'load':
      return shownSegment(shownMetric(h.load, readingLink(row)), (l) => formatLoad(l.load1));
    case 'memory':
      return shownSegment(shownMetric(h.memory, readingLink(row)), (m) => formatPercent(memoryUsedPercent(m)), (m) => toneBy(MEMORY_USED_PERCENT)(memoryUsedPercent(m)));
    case 'temperature':
      return shownSegment(shownMetric(h.temperature, readingLink(row)), (t) => formatCelsius(t.celsius), (t) => toneBy(TEMPERATURE_CELSIUS)(t.celsius));
    case 'clock':
      // Held down by the firmware (its capped bit set now): bad, like the temperature past 80 °C.
      return shownSegment(shownMetric(h.armClock, readingLink(row)), (c) => formatMHz(c.hz), () => (valueOf(h.throttling)?.now.armFrequencyCapped === true ? 'bad' : 'normal'));
    case 'flags':
      return flagsCell(row);
    case 'services':
      return servicesCell(row);
    case 'state':
      return stateCell(servers, ctx);
    case 'check': {
      const checks = servers.map((s) => s.record.checkStatus).filter((c): c is string => c !== undefined);
      if (checks.length === 0) return seg('', 'dim');
      const shown = checks.find((c) => checkTone(c) === 'bad') ?? checks[0];
      return seg(shown ?? '', checkTone(shown) === 'bad' ? 'bad' : 'dim');
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

/** The SSH connection's state; for a node whose health Prometheus gives, its source and age (`P 3s`). */
export function reachCell(row: NodeRow, now?: number): Segment {
  const source = now === undefined ? undefined : sourceAgeText(row.health.origin, now);
  if (source !== undefined) return seg(source, row.health.origin?.note !== undefined ? 'warn' : 'dim');
  return seg(connectionText(row.connection), connectionTone(row.connection));
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
  const since = sinceText(c.since, now);
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
  const link = readingLink(row);
  const span =
    link.state === 'down'
      ? seg(downReason(row, ctx.now, spanWidth), 'bad')
      : link.state === 'connecting' && neverRead
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

/** The column titles; the sorted column's carries its arrow (`CPU▼`). */
export function headerCells(columns: readonly Column[], sort?: NodeSort): string {
  const title = (c: Column): string => {
    if (sort === undefined || c.id !== sort.column) return c.title;
    // The arrow always shows: a title with no room beside it gives up its last letters.
    return `${c.title.length + 1 <= c.width ? c.title : c.title.slice(0, Math.max(0, c.width - 1))}${sortArrow(sort)}`;
  };
  return columns.map((c) => fit(title(c), c.width, c.align)).join(' ');
}
