import type { ClusterEvent, ClusterState } from '../cluster/cluster-state.js';
import { eventTone } from '../present/state-words.js';
import { clockTime } from '../present/time.js';
import type { Segment } from '../present/tone.js';
import type { TextPanel } from './widget-data.js';

export function eventLine(event: ClusterEvent, offsetMinutes: number): Segment {
  return { text: `${clockTime(event.at, offsetMinutes)} ${event.text}`, tone: eventTone(event.level) };
}

/** The newest `limit` events, oldest first (a log reads downwards). */
export function eventLines(state: ClusterState, offsetMinutes: number, limit = 50): TextPanel {
  const events = state.events.slice(Math.max(0, state.events.length - limit));
  const errors = state.events.filter((e) => e.level === 'error').length;
  return {
    title: `Events${errors > 0 ? ` · ${errors} error${errors > 1 ? 's' : ''}` : ''}`,
    lines: events.length === 0 ? [{ text: 'nothing has happened yet', tone: 'dim' }] : events.map((e) => eventLine(e, offsetMinutes)),
  };
}
