import { Box, Text } from 'ink';
import { visibleWindow } from '../layout.js';
import { Toned } from './toned.js';

/** A bordered list with one highlighted choice, scrolled to fit `rows`. */
export function ChoiceList(props: {
  readonly title: string;
  readonly choices: readonly { readonly name: string; readonly description?: string }[];
  readonly index: number;
  readonly rows: number;
  readonly note?: string;
}) {
  const capacity = Math.max(1, props.rows - 3 - (props.note !== undefined ? 1 : 0));
  const { start, end } = visibleWindow(props.choices.length, props.index, capacity);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{props.title}</Text>
      {props.choices.slice(start, end).map((c, i) => (
        <Text key={c.name} wrap="truncate">
          {start + i === props.index ? <Toned tone="selected">{`▸ ${c.name}`}</Toned> : `  ${c.name}`}
          {c.description !== undefined ? <Text dimColor>  {c.description}</Text> : null}
        </Text>
      ))}
      {props.note !== undefined ? <Toned tone="warn">{props.note}</Toned> : null}
    </Box>
  );
}
