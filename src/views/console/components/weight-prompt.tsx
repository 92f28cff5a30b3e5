import { Box, Text } from 'ink';
import type { Dialog } from '../console-state.js';
import { Toned } from './toned.js';

type Weight = Extract<Dialog, { kind: 'weight' }>;

/** A weight (0–256) or a % of the configured weight; + and - nudge by one. */
export function WeightPrompt({ dialog }: { readonly dialog: Weight }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>
        Weight of {dialog.node}
        {dialog.current !== undefined ? <Text dimColor> (now {dialog.current})</Text> : null}
      </Text>
      <Text>
        New weight: {dialog.draft}
        <Text inverse> </Text>
      </Text>
      {dialog.error !== undefined ? <Toned tone="bad">{dialog.error}</Toned> : <Text dimColor>0–256 or 50% · +/- or ↑/↓ nudge · Enter sets · Esc cancels</Text>}
    </Box>
  );
}
