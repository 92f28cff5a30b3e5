import { nodeAnswering } from '../../../core/present/freshness.js';
import { STALE_MARK } from '../../../core/present/freshness.js';
import { localClockTime } from '../../../core/present/time.js';
import { formatBytesPerSecond, formatRate, UNKNOWN_TEXT } from '../../../core/present/units.js';
import { BUSY_IDLE_PCT, haproxyLoadText } from '../../../core/haproxy/haproxy-load.js';
import { piAlertLine } from '../../../core/wallboard/pi-alert.js';
import { visibleNodes } from './node-filter.js';
import { fitSegments } from './paint.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from '../../../core/present/tone.js';

/** Profile, HAProxy version, cluster req/s, sessions, 5xx/s, a load test in progress, the clock: two lines. */
export function headerLines({ cluster, ui, size, now, readOnly }: PaneView): Segment[][] {
  const shown = visibleNodes(cluster, ui.filter).length;
  const h = cluster.haproxy;
  const f = h.frontend;
  const up = cluster.nodes.filter(nodeAnswering).length;
  const lt = cluster.loadTest;
  const alert = piAlertLine(cluster.nodes);
  const first: Segment[] = [
    seg('picon ', 'accent'),
    seg(cluster.profileName),
    // A hot or throttled node first, so a narrow terminal cuts the version, not the warning.
    ...(alert !== undefined ? [seg(`  ${alert}`, 'bad')] : []),
    seg(h.version !== undefined ? `  HAProxy ${h.version}` : '  HAProxy …', h.version !== undefined ? 'normal' : 'dim'),
    ...(h.load !== undefined && haproxyLoadText(h.load) !== '' ? [seg(`  ${haproxyLoadText(h.load)}`, (h.load.idlePct ?? 100) <= BUSY_IDLE_PCT ? 'bad' : 'dim')] : []),
    ...(h.state === 'error' ? [seg('  HAProxy not answering', 'bad')] : []),
    ...(readOnly ? [seg('  READ-ONLY', 'warn')] : []),
    ...(lt?.state === 'running'
      ? [seg(`  load test ${lt.label}${lt.progress !== undefined ? ` ${Math.round(lt.progress * 100)}%` : ''}${lt.requestsPerSecond !== undefined ? ` ${formatRate(lt.requestsPerSecond)} req/s` : ''}`, 'alert')]
      : []),
  ];
  const stale = h.state !== 'ok';
  const num = (v: number | undefined, format: (n: number) => string) => (v === undefined ? UNKNOWN_TEXT : `${format(v)}${stale ? STALE_MARK : ''}`);
  const second: Segment[] = [
    seg('req/s '),
    seg(num(f.requestsPerSecond, formatRate), stale ? 'dim' : 'accent'),
    seg('  sessions '),
    seg(num(f.currentSessions, String), stale ? 'dim' : 'normal'),
    seg('  5xx/s '),
    seg(num(f.http5xxPerSecond, formatRate), (f.http5xxPerSecond ?? 0) > 0 ? 'bad' : stale ? 'dim' : 'normal'),
    seg('  out '),
    seg(num(f.bytesOutPerSecond, formatBytesPerSecond), stale ? 'dim' : 'normal'),
    seg('  nodes '),
    seg(`${up}/${cluster.nodes.length} up`, up === cluster.nodes.length ? 'good' : 'bad'),
    ...(ui.filter !== '' ? [seg(`  [filter: ${ui.filter}, ${shown} of ${cluster.nodes.length}]`, 'warn')] : []),
  ];
  const clock = localClockTime(now);
  const firstLine = fitSegments(first, Math.max(0, size.columns - clock.length), true);
  return [[...firstLine, seg(clock)], second];
}
