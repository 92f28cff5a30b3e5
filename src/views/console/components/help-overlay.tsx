import { Box, Text } from 'ink';
import { useConsoleServices } from '../console-context.js';
import type { KeyBinding, KeyContext } from '../keymap.js';
import { STALE_MARK } from '../render/cells.js';

const SECTIONS: readonly { readonly title: string; readonly contexts: readonly KeyContext[] }[] = [
  { title: 'Nodes and details', contexts: ['nodes', 'details'] },
  { title: 'Load-test results (l)', contexts: ['loadtests'] },
  { title: 'Dialogs', contexts: ['confirm', 'picker', 'prompt', 'text'] },
];

/** Every key, from the keymap (without the dangerous ones when read-only). */
export function HelpOverlay({ rows }: { readonly rows: number }) {
  const { keymap, deps } = useConsoleServices();
  const lines: { key: string; binding?: KeyBinding; title?: string }[] = [];
  // A key is listed once, in the first section it works in.
  const seen = new Set<KeyBinding>();
  for (const s of SECTIONS) {
    const own = keymap.filter((b) => !seen.has(b) && b.contexts.some((c) => s.contexts.includes(c)));
    if (own.length === 0) continue;
    lines.push({ key: s.title, title: s.title });
    for (const b of own) {
      seen.add(b);
      lines.push({ key: `${s.title}-${b.intent}`, binding: b });
    }
  }
  const room = Math.max(1, rows - 4);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys{deps.readOnly ? ' (read-only: actions are off)' : ''}  ·  ? or Esc closes</Text>
      {lines.slice(0, room).map((l) =>
        l.title !== undefined ? (
          <Text key={l.key} underline>
            {l.title}
          </Text>
        ) : (
          <Text key={l.key} wrap="truncate">
            <Text bold>{(l.binding?.label ?? '').padEnd(9)}</Text>
            {l.binding?.description}
          </Text>
        ),
      )}
      <Text dimColor wrap="truncate">
        {STALE_MARK} after a value: stale (the last one read). DOWN rows say why and since when.
      </Text>
    </Box>
  );
}
