import { Text } from 'ink';
import { useConsoleServices, useConsoleView } from '../console-context.js';
import { keyContext } from '../console-state.js';
import { footerHints } from '../keymap.js';

/** Key hints for where the keyboard is now, generated from the keymap. */
export function Footer() {
  const { ui, size } = useConsoleView();
  const { keymap } = useConsoleServices();
  const hints = footerHints(keymap, keyContext(ui), size.columns);
  return (
    <Text wrap="truncate">
      {hints.map((h, i) => (
        <Text key={h.key}>
          {i > 0 ? '  ' : ''}
          <Text bold>{h.key}</Text> <Text dimColor>{h.hint}</Text>
        </Text>
      ))}
    </Text>
  );
}
