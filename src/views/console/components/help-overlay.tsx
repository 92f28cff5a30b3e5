import { Box, Text } from 'ink';
import { useConsoleServices, useConsoleView } from '../console-context.js';
import { STALE_MARK } from '../../../core/present/freshness.js';
import { helpScreen, LABEL_WIDTH } from '../render/help-lines.js';

/** Every key, from the keymap (without the dangerous ones when read-only); laid out by render/help-lines.ts. */
export function HelpOverlay({ rows }: { readonly rows: number }) {
  const { keymap, deps } = useConsoleServices();
  const { size } = useConsoleView();
  const screen = helpScreen(keymap, { readOnly: deps.readOnly, staleMark: STALE_MARK, columns: size.columns, rows });
  const { columns, columnWidth } = screen.layout;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{screen.title}</Text>
      <Box flexDirection="row" columnGap={2}>
        {columns.map((column, i) => (
          <Box key={i} flexDirection="column" width={columnWidth} flexShrink={0}>
            {column.map((row, j) =>
              row.kind === 'title' ? (
                <Text key={j} underline>
                  {row.text}
                </Text>
              ) : row.kind === 'more' ? (
                <Text key={j} dimColor>
                  {row.text}
                </Text>
              ) : (
                <Text key={j}>
                  <Text bold>{row.label.padEnd(LABEL_WIDTH)}</Text>
                  {row.text}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
      {screen.footnote.map((line, i) => (
        <Text key={i} dimColor>
          {line}
        </Text>
      ))}
    </Box>
  );
}
