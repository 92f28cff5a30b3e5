import { durationMs } from '../../../core/present/time.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment, type Tone } from '../../../core/present/tone.js';

const FLASH_MS = 8000;
const RECENT_ACTION_MS = 30_000;

/** The status line when nothing is being typed there: the latest action or message, else HAProxy's first warning. */
export function statusSegments({ cluster, ui, now }: PaneView): Segment[] {
  const action = cluster.actions[cluster.actions.length - 1];
  const flash = ui.flash !== undefined && now - ui.flash.at < FLASH_MS ? ui.flash : undefined;
  if (action !== undefined && (action.state === 'running' || (now - action.startedAt < RECENT_ACTION_MS && (flash === undefined || flash.at < action.startedAt)))) {
    const tone: Tone = action.state === 'running' ? 'accent' : action.state === 'failed' ? 'bad' : 'good';
    const text = action.state === 'running' ? `${action.label}… ${action.message ?? ''} (${durationMs(now - action.startedAt)})` : `${action.label}: ${action.message ?? action.state}`;
    return [seg(text, tone)];
  }
  if (flash !== undefined) return [seg(flash.text, flash.level === 'error' ? 'bad' : flash.level === 'warn' ? 'warn' : 'normal')];
  const warnings = cluster.haproxy.warnings;
  return warnings.length > 0 ? [seg(`HAProxy: ${warnings[0]}`, 'warn')] : [];
}
