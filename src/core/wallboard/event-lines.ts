import type { ClusterEvent, ClusterState, EventLevel } from '../cluster/cluster-state.js';
import { clockTime } from './time-text.js';
import type { Cell, TextPanel, Tone } from './widget-data.js';

const TONES: Readonly<Record<EventLevel, Tone>> = { info: 'normal', warn: 'warn', error: 'bad' };

export function eventLine(event: ClusterEvent, offsetMinutes: number): Cell {
  return { text: `${clockTime(event.at, offsetMinutes)} ${event.text}`, tone: TONES[event.level] };
}

/** The newest `limit` events, oldest first (a log reads downwards). */
export function eventLines(state: ClusterState, offsetMinutes: number, limit = 50): TextPanel {
  const events = state.events.slice(Math.max(0, state.events.length - limit));
  const errors = state.events.filter((e) => e.level === 'error').length;
  return {
    title: `Events${errors > 0 ? ` · ${errors} error${errors > 1 ? 's' : ''}` : ''}`,
    lines: events.length === 0 ? [{ text: 'nothing has happened yet', tone: 'muted' }] : events.map((e) => eventLine(e, offsetMinutes)),
  };
}
