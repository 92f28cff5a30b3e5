import { Text } from 'ink';
import { useConsoleView, useNow } from '../console-context.js';
import { topDialog } from '../console-state.js';
import { formatDuration } from '../format/duration.js';
import { CommandLineInput } from './command-line-input.js';
import { FilterInput } from './filter-input.js';
import { Toned } from './toned.js';

const FLASH_MS = 8000;
const RECENT_ACTION_MS = 30_000;

/** The line above the footer: the filter or command being typed, else the latest action or message. */
export function StatusLine() {
  const { cluster, ui } = useConsoleView();
  const now = useNow();
  const top = topDialog(ui);
  if (top?.kind === 'filter') return <FilterInput draft={top.draft} />;
  if (top?.kind === 'command') return <CommandLineInput draft={top.draft} {...(top.error !== undefined && { error: top.error })} />;
  const action = cluster.actions[cluster.actions.length - 1];
  const flash = ui.flash !== undefined && now - ui.flash.at < FLASH_MS ? ui.flash : undefined;
  if (action !== undefined && (action.state === 'running' || (now - action.startedAt < RECENT_ACTION_MS && (flash === undefined || flash.at < action.startedAt)))) {
    const tone = action.state === 'running' ? 'accent' : action.state === 'failed' ? 'bad' : 'good';
    const text = action.state === 'running' ? `${action.label}… ${action.message ?? ''} (${formatDuration(now - action.startedAt)})` : `${action.label}: ${action.message ?? action.state}`;
    return (
      <Text wrap="truncate">
        <Toned tone={tone}>{text}</Toned>
      </Text>
    );
  }
  if (flash !== undefined) {
    return (
      <Text wrap="truncate">
        <Toned tone={flash.level === 'error' ? 'bad' : flash.level === 'warn' ? 'warn' : 'normal'}>{flash.text}</Toned>
      </Text>
    );
  }
  const warnings = cluster.haproxy.warnings;
  return <Text wrap="truncate">{warnings.length > 0 ? <Toned tone="warn">HAProxy: {warnings[0]}</Toned> : ' '}</Text>;
}
