import { Box, Text } from 'ink';
import type { Dialog } from '../console-state.js';

type Passphrase = Extract<Dialog, { kind: 'passphrase' }>;

/** Like ssh's own prompt: what is typed is not shown, not even as dots. */
export function PassphrasePrompt({ dialog }: { readonly dialog: Passphrase }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Passphrase for key {dialog.file}</Text>
      <Text>
        Passphrase: <Text inverse> </Text>
      </Text>
      <Text dimColor>typing is not shown · Enter unlocks the key · Esc skips it (nodes needing it show auth)</Text>
    </Box>
  );
}
