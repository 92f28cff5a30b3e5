import { Box, Text } from 'ink';
import { useConsoleServices, useConsoleView } from '../console-context.js';
import type { KeyBinding, KeyContext } from '../keymap.js';
import { STALE_MARK } from '../render/cells.js';

const SECTIONS: readonly { readonly title: string; readonly contexts: readonly KeyContext[] }[] = [
  { title: 'Nodes and details', contexts: ['nodes', 'details'] },
  { title: 'Load-test results (l)', contexts: ['loadtests'] },
  { title: 'Dialogs', contexts: ['confirm', 'picker', 'prompt', 'text'] },
];

/** A column of the overlay narrower than this truncates most descriptions to nothing useful. */
const MIN_COLUMN = 36;

interface HelpLine {
  readonly key: string;
  readonly binding?: KeyBinding;
  readonly title?: string;
}

/**
 * The lines in columns of `room` lines, as many columns as the lines need and `width` allows
 * (at least MIN_COLUMN cells each); what still does not fit is left out at the end.
 */
export function helpColumns<T>(lines: readonly T[], room: number, width: number): T[][] {
  const wanted = Math.ceil(lines.length / Math.max(1, room));
  const count = Math.max(1, Math.min(wanted, Math.floor(width / MIN_COLUMN)));
  return Array.from({ length: count }, (_, i) => lines.slice(i * room, (i + 1) * room)).filter((c) => c.length > 0);
}

/** Every key, from the keymap (without the dangerous ones when read-only); in columns where rows are short. */
export function HelpOverlay({ rows }: { readonly rows: number }) {
  const { keymap, deps } = useConsoleServices();
  const { size } = useConsoleView();
  const lines: HelpLine[] = [];
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
  // The border and the padding take 4 cells of the width.
  const inner = Math.max(1, size.columns - 4);
  const columns = helpColumns(lines, room, inner);
  const columnWidth = Math.floor(inner / columns.length);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys{deps.readOnly ? ' (read-only: actions are off)' : ''}  ·  ? or Esc closes</Text>
      <Box flexDirection="row">
        {columns.map((column, i) => (
          <Box
            key={column[0]?.key ?? i}
            flexDirection="column"
            width={columns.length > 1 ? columnWidth : undefined}
            flexGrow={columns.length > 1 ? 0 : 1}
            paddingRight={i < columns.length - 1 ? 2 : 0}
          >
            {column.map((l) =>
              l.title !== undefined ? (
                <Text key={l.key} underline wrap="truncate">
                  {l.title}
                </Text>
              ) : (
                <Text key={l.key} wrap="truncate">
                  <Text bold>{(l.binding?.label ?? '').padEnd(9)}</Text>
                  {l.binding?.description}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
      <Text dimColor wrap="truncate">
        {STALE_MARK} after a value: stale (the last one read). DOWN rows say why and since when.
      </Text>
    </Box>
  );
}
