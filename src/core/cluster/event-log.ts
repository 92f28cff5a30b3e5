import { MAX_EVENTS, type ClusterEvent, type ClusterState, type EventLevel } from './cluster-state.js';

export interface NewEvent {
  readonly level: EventLevel;
  readonly text: string;
}

/** Appends events, keeping the newest MAX_EVENTS. */
export function withEvents(state: ClusterState, at: number, added: readonly NewEvent[]): ClusterState {
  if (added.length === 0) return state;
  let nextId = state.nextId;
  const events: ClusterEvent[] = added.map((e) => ({ id: nextId++, at, level: e.level, text: e.text }));
  const all = [...state.events, ...events];
  return { ...state, nextId, events: all.length > MAX_EVENTS ? all.slice(all.length - MAX_EVENTS) : all };
}
