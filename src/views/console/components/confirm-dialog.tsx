import { Box, Text } from 'ink';
import { isRolloutRequest } from '../../../core/rollout/rollout-request.js';
import type { Dialog } from '../console-state.js';
import { Toned } from './toned.js';

type Confirm = Extract<Dialog, { kind: 'confirm' }>;

/** Asks before an action; opens on Cancel. The guard's variant names Force as the only way on. */
export function ConfirmDialog({ dialog }: { readonly dialog: Confirm }) {
  const force = dialog.variant === 'force';
  const kind = isRolloutRequest(dialog.action) ? 'rollout' : dialog.action.request.kind;
  const action = force ? 'Force it' : kind.charAt(0).toUpperCase() + kind.slice(1);
  const button = (label: string, focused: boolean, tone: 'normal' | 'bad') =>
    focused ? <Toned tone="selected">{`[ ${label} ]`}</Toned> : <Toned tone={tone}>{`  ${label}  `}</Toned>;
  return (
    <Box flexDirection="column" borderStyle={force ? 'double' : 'round'} paddingX={1}>
      <Toned tone={force ? 'bad' : 'warn'}>
        <Text bold>{dialog.title}</Text>
      </Toned>
      {dialog.lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
      <Text>
        {button('Cancel', dialog.focus === 'cancel', 'normal')} {button(action, dialog.focus === 'action', force ? 'bad' : 'normal')}
        <Text dimColor>   Tab/←/→ choose · Enter · Esc cancels</Text>
      </Text>
    </Box>
  );
}
