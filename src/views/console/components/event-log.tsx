import { Box, Text } from 'ink';
import type { EventLevel } from '../../../core/cluster/cluster-state.js';
import { useConsoleView } from '../console-context.js';
import { formatClockTime } from '../format/duration.js';
import type { Tone } from '../render/tone.js';
import { Toned } from './toned.js';

const TONE: Readonly<Record<EventLevel, Tone>> = { info: 'normal', warn: 'warn', error: 'bad' };

/** What picon did and what it saw change, newest at the bottom. */
export function EventLog({ rows }: { readonly rows: number }) {
  const { cluster, size } = useConsoleView();
  const shown = cluster.events.slice(-rows);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {`─ Events ${'─'.repeat(Math.max(0, size.columns - 10))}`}
      </Text>
      {shown.length === 0 ? <Text dimColor>nothing yet</Text> : null}
      {shown.map((e) => (
        <Text key={e.id} wrap="truncate">
          <Text dimColor>{formatClockTime(e.at)} </Text>
          <Toned tone={TONE[e.level]}>{e.text}</Toned>
        </Text>
      ))}
    </Box>
  );
}
