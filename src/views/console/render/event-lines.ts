import { eventTone } from '../../../core/present/state-words.js';
import { localClockTime } from '../../../core/present/time.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from '../../../core/present/tone.js';

/** What picon did and what it saw change, newest at the bottom: a title line and up to `rows` events. */
export function eventLines({ cluster, size }: PaneView, rows: number): Segment[][] {
  const shown = cluster.events.slice(-rows);
  const lines: Segment[][] = [[seg(`─ Events ${'─'.repeat(Math.max(0, size.columns - 10))}`, 'heading')]];
  if (shown.length === 0) lines.push([seg('nothing yet', 'dim')]);
  for (const e of shown) lines.push([seg(`${localClockTime(e.at)} `, 'dim'), seg(e.text, eventTone(e.level))]);
  return lines;
}
