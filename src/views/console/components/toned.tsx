import { Text } from 'ink';
import type { ReactNode } from 'react';
import { useConsoleServices } from '../console-context.js';
import type { Tone } from '../../../core/present/tone.js';
import { toneStyle } from '../theme.js';

/** Text in a tone (dialogs and prompts; the panes are painted, see painted.tsx). */
export function Toned({ tone, children }: { readonly tone: Tone; readonly children: ReactNode }) {
  const { deps } = useConsoleServices();
  return <Text {...toneStyle(tone, deps.color)}>{children}</Text>;
}
