import type { EventLevel } from '../../../core/cluster/cluster-state.js';
import { formatClockTime } from '../format/duration.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment, type Tone } from './tone.js';

const TONE: Readonly<Record<EventLevel, Tone>> = { info: 'normal', warn: 'warn', error: 'bad' };

/** What picon did and what it saw change, newest at the bottom: a title line and up to `rows` events. */
export function eventLines({ cluster, size }: PaneView, rows: number): Segment[][] {
  const shown = cluster.events.slice(-rows);
  const lines: Segment[][] = [[seg(`─ Events ${'─'.repeat(Math.max(0, size.columns - 10))}`, 'heading')]];
  if (shown.length === 0) lines.push([seg('nothing yet', 'dim')]);
  for (const e of shown) lines.push([seg(`${formatClockTime(e.at)} `, 'dim'), seg(e.text, TONE[e.level])]);
  return lines;
}
