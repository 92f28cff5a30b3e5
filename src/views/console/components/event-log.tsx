import type { EventLevel } from '../../../core/cluster/cluster-state.js';
import { useConsoleView } from '../console-context.js';
import { formatClockTime } from '../format/duration.js';
import { seg, type Segment, type Tone } from '../render/tone.js';
import { Painted } from './painted.js';

const TONE: Readonly<Record<EventLevel, Tone>> = { info: 'normal', warn: 'warn', error: 'bad' };

/** What picon did and what it saw change, newest at the bottom. */
export function EventLog({ rows }: { readonly rows: number }) {
  const { cluster, size } = useConsoleView();
  const shown = cluster.events.slice(-rows);
  const lines: Segment[][] = [[seg(`─ Events ${'─'.repeat(Math.max(0, size.columns - 10))}`, 'heading')]];
  if (shown.length === 0) lines.push([seg('nothing yet', 'dim')]);
  for (const e of shown) lines.push([seg(`${formatClockTime(e.at)} `, 'dim'), seg(e.text, TONE[e.level])]);
  return <Painted lines={lines} width={size.columns} />;
}
