import type { ClusterState, NodeRow } from '../../../core/cluster/cluster-state.js';
import type { Metric } from '../../../core/health/metric.js';
import { throttleLabels } from '../../../core/health/throttling.js';
import { readingLink, shownMetric, sourceAgeWords, STALE_MARK } from '../../../core/present/freshness.js';
import { checkTone, connectionTone, eventTone, NO_THROTTLING, serverStateText, serverStateTone, serviceText, serviceTone, throttlingTone } from '../../../core/present/state-words.js';
import { durationMs, localClockTime, sinceText } from '../../../core/present/time.js';
import { formatBytes, formatBytesPerSecond, formatCelsius, formatLoad, formatMHz, formatPercent, formatRate, UNKNOWN_TEXT } from '../../../core/present/units.js';
import { shareBar, sparkline } from '../format/sparkline.js';
import { downReason, nodeHistory } from './node-cells.js';
import { effectiveSelection } from '../console-reducer.js';
import { serversOf, visibleNodes } from './node-filter.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from '../../../core/present/tone.js';
import { sessionChannelLimit } from '../../../core/ssh/session-channel-limit.js';

/** Everything known about one node, as lines for the details view. */

function metric<T>(row: NodeRow, m: Metric<T>, format: (v: T) => string, now: number): Segment[] {
  const shown = shownMetric(m, readingLink(row));
  switch (shown.kind) {
    case 'fresh':
      return [seg(format(shown.value))];
    case 'stale': {
      const read = m.state === 'unknown' ? '' : `, read ${durationMs(now - m.at)} ago`;
      return [seg(`${format(shown.value)}${STALE_MARK}`, 'dim'), seg(` stale: ${shown.reason}${read}`, 'warn')];
    }
    case 'unknown':
      return [seg(`${UNKNOWN_TEXT} (${shown.reason})`, 'dim')];
  }
}

const label = (text: string): Segment => seg(text.padEnd(13), 'accent');

/** Which sshd answers, and when it takes one session channel at a time (core/ssh/session-channel-limit.ts). */
function serverSegments(server: string | undefined): Segment[] {
  if (server === undefined) return [];
  const serial = sessionChannelLimit(server, 2) === 1;
  return [seg(`  ${server}`), ...(serial ? [seg(' (one command at a time: this Dropbear dies on more)', 'warn')] : [])];
}

export function detailLines(state: ClusterState, row: NodeRow, now: number, width: number): Segment[][] {
  const h = row.health;
  const c = row.connection;
  const lines: Segment[][] = [];
  lines.push([seg(row.spec.name, 'selected'), seg(`  ${row.spec.role}  ${row.spec.model ?? ''}  ${row.spec.address}`), seg('  Esc back', 'dim')]);
  lines.push([
    label('SSH'),
    ...(c.state === 'down'
      ? [seg(`DOWN: ${downReason(row, now)}`, 'bad')]
      : [seg(c.state, connectionTone(c)), seg(` ${sinceText(c.since, now)}`, 'dim'), ...serverSegments(c.server)]),
  ]);
  lines.push([label('Health'), seg(sourceAgeWords(h.origin, now), h.origin?.note !== undefined ? 'warn' : 'dim')]);
  lines.push([label('Board'), ...metric(row, h.board, (b) => b, now), seg('  uptime '), ...metric(row, h.uptimeSeconds, (s) => durationMs(s * 1000), now)]);
  lines.push([label('CPU'), ...metric(row, h.cpu, (v) => `${formatPercent(v.busyPercent)} busy, ${formatPercent(v.iowaitPercent)} iowait`, now)]);
  const cores = h.cpu.state === 'unknown' ? [] : h.cpu.value.cores;
  const bar = Math.max(4, Math.min(30, width - 30));
  for (const core of cores) lines.push([seg(`  cpu${core.cpu}`.padEnd(13), 'dim'), seg(shareBar(core.busyPercent / 100, bar), 'good'), seg(` ${formatPercent(core.busyPercent)}`)]);
  lines.push([label('Load'), ...metric(row, h.load, (l) => `${formatLoad(l.load1)} ${formatLoad(l.load5)} ${formatLoad(l.load15)}  ${l.tasks > 0 ? `(${l.running}/${l.tasks} tasks)` : `(${l.running} running)`}`, now)]);
  lines.push([label('Memory'), ...metric(row, h.memory, (m) => `${formatBytes(m.usedBytes)} of ${formatBytes(m.totalBytes)} used${m.estimated ? ' (estimated)' : ''}`, now)]);
  lines.push([label('Disk /'), ...metric(row, h.disk, (d) => `${formatPercent(d.usedPercent)} used, ${formatBytes(d.availableBytes)} free`, now)]);
  lines.push([label('Network'), ...metric(row, h.network, (n) => `rx ${formatBytesPerSecond(n.rxBytesPerSecond)}  tx ${formatBytesPerSecond(n.txBytesPerSecond)}`, now)]);
  lines.push([label('Temperature'), ...metric(row, h.temperature, (t) => `${formatCelsius(t.celsius)} (${t.source})`, now)]);
  lines.push([label('Clock'), ...metric(row, h.armClock, (k) => formatMHz(k.hz), now), seg(' of max '), ...metric(row, h.armClockMax, (k) => formatMHz(k.hz), now)]);
  const t = h.throttling;
  if (t.state === 'unknown') lines.push([label('Throttling'), seg(`${UNKNOWN_TEXT} (${t.reason})`, 'dim')]);
  else {
    const nowSet = throttleLabels(t.value.now);
    const boot = throttleLabels(t.value.sinceBoot);
    lines.push([
      label('Throttling'),
      seg(nowSet.length > 0 ? `NOW: ${nowSet.join(', ')}` : `${NO_THROTTLING} now`, nowSet.length > 0 ? throttlingTone(t.value) : 'good'),
      seg(`  since boot: ${boot.length > 0 ? boot.join(', ') : NO_THROTTLING}`, boot.length > 0 ? 'warn' : 'dim'),
      seg(`  (0x${t.value.raw.toString(16)}, ${t.value.source}${t.state === 'stale' ? ', stale' : ''})`, 'dim'),
    ]);
  }
  lines.push([label('Services')]);
  for (const s of h.services) {
    const v = s.state.state === 'unknown' ? undefined : s.state.value;
    lines.push([
      seg(`  ${s.name}`.padEnd(13)),
      ...(v === undefined ? [seg(`${UNKNOWN_TEXT} (${s.state.state === 'unknown' ? s.state.reason : ''})`, 'dim')] : [seg(serviceText(v.running), serviceTone(v.running)), seg(` ${v.detail}${s.state.state === 'stale' ? ' (stale)' : ''}`, 'dim')]),
    ]);
  }
  const servers = serversOf(state, row.spec.name);
  lines.push([label('HAProxy'), ...(servers.length === 0 ? [seg(row.spec.role === 'head' ? 'runs here' : 'not a server in any backend', 'dim')] : [])]);
  for (const s of servers) {
    const r = s.record;
    lines.push([
      seg(`  ${s.backend}/${s.server}`.padEnd(13)),
      seg(serverStateText(r.status), serverStateTone(r.status)),
      seg(`  check ${r.checkStatus ?? UNKNOWN_TEXT}${r.checkDescription !== undefined ? ` (${r.checkDescription})` : ''}`, checkTone(r.checkStatus) === 'bad' ? 'bad' : 'dim'),
      seg(`  changed ${r.lastChangeSeconds !== undefined ? `${durationMs(r.lastChangeSeconds * 1000)} ago` : UNKNOWN_TEXT}`),
    ]);
    lines.push([
      seg(''.padEnd(13)),
      seg(`weight ${r.weight ?? UNKNOWN_TEXT}  sessions ${r.currentSessions ?? UNKNOWN_TEXT}  req/s ${s.rates?.requestsPerSecond !== undefined ? formatRate(s.rates.requestsPerSecond) : UNKNOWN_TEXT}  `),
      seg(sparkline(nodeHistory([s]), Math.max(0, Math.min(60, width - 50))), 'accent'),
    ]);
  }
  const mine = state.events.filter((e) => e.text.includes(row.spec.name)).slice(-8);
  if (mine.length > 0) {
    lines.push([label('Recent events')]);
    for (const e of mine) lines.push([seg(`  ${localClockTime(e.at)} `, 'dim'), seg(e.text, eventTone(e.level))]);
  }
  return lines;
}

/** The details view's `rows` lines: the selected node's, or a note when none is selected. */
export function detailsPaneLines({ cluster, ui, size, now }: PaneView, rows: number): Segment[][] {
  const name = effectiveSelection(ui, visibleNodes(cluster, ui.filter, ui.sort).map((n) => n.spec.name));
  const row = cluster.nodes.find((n) => n.spec.name === name);
  if (row === undefined) return [[seg('no node selected (Esc back)', 'dim')]];
  return detailLines(cluster, row, now, size.columns).slice(0, rows);
}
