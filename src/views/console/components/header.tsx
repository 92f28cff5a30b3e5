import { useConsoleServices, useConsoleView, useNow } from '../console-context.js';
import { formatBytesPerSecond } from '../format/bytes.js';
import { formatClockTime } from '../format/duration.js';
import { formatRate } from '../format/numbers.js';
import { visibleNodes } from '../render/node-filter.js';
import { fitSegments } from '../render/paint.js';
import { seg, type Segment } from '../render/tone.js';
import { Painted } from './painted.js';

/** Profile, HAProxy version, cluster req/s, sessions, 5xx/s, a load test in progress, the clock. */
export function Header() {
  const { cluster, ui, size } = useConsoleView();
  const shown = visibleNodes(cluster, ui.filter).length;
  const { deps } = useConsoleServices();
  const now = useNow();
  const h = cluster.haproxy;
  const f = h.frontend;
  const up = cluster.nodes.filter((n) => n.connection.state === 'up').length;
  const lt = cluster.loadTest;
  const first: Segment[] = [
    seg('picon ', 'accent'),
    seg(cluster.profileName),
    seg(h.version !== undefined ? `  HAProxy ${h.version}` : '  HAProxy …', h.version !== undefined ? 'normal' : 'dim'),
    ...(h.state === 'error' ? [seg('  HAProxy not answering', 'bad')] : []),
    ...(deps.readOnly ? [seg('  READ-ONLY', 'warn')] : []),
    ...(lt?.state === 'running'
      ? [seg(`  load test ${lt.label}${lt.progress !== undefined ? ` ${Math.round(lt.progress * 100)}%` : ''}${lt.requestsPerSecond !== undefined ? ` ${formatRate(lt.requestsPerSecond)} req/s` : ''}`, 'alert')]
      : []),
  ];
  const stale = h.state !== 'ok';
  const num = (v: number | undefined, f: (n: number) => string) => (v === undefined ? '-' : `${f(v)}${stale ? '~' : ''}`);
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
  const clock = formatClockTime(now);
  const firstLine = fitSegments(first, Math.max(0, size.columns - clock.length), true);
  return <Painted lines={[[...firstLine, seg(clock)], second]} width={size.columns} />;
}
