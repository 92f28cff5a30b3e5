import { describe, expect, it } from 'vitest';
import { createClusterStore } from '../../src/adapters/monitor/cluster-store.js';
import { initialClusterState } from '../../src/core/cluster/cluster-state.js';
import { wallProfile } from './wallboard-fixtures.js';
import { switchableSource } from '../../src/views/console/switchable-source.js';


describe('switchableSource', () => {
  it("keeps the lines logged before the switch, in order, ahead of the new source's own", () => {
    const placeholder = createClusterStore(initialClusterState(wallProfile(), 0));
    const source = switchableSource(placeholder);
    source.dispatch({ type: 'log', at: 1, level: 'warn', text: 'known_hosts: head has a new key' });
    source.dispatch({ type: 'log', at: 2, level: 'info', text: 'second' });
    const monitorStore = createClusterStore(initialClusterState(wallProfile(), 0));
    const seen: string[][] = [];
    source.subscribe((s) => seen.push(s.events.map((e) => e.text)));
    source.switchTo(monitorStore);
    source.dispatch({ type: 'log', at: 3, level: 'info', text: 'after' });
    expect(source.getState().events.map((e) => e.text)).toEqual(['known_hosts: head has a new key', 'second', 'after']);
    expect(source.getState().events[0]?.level).toBe('warn');
    expect(seen[0]).toEqual(['known_hosts: head has a new key', 'second']);
  });
});
