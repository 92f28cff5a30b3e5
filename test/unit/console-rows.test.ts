import { describe, expect, it } from 'vitest';
import { reduceCluster } from '../../src/core/cluster/cluster-reducer.js';
import { initialClusterState } from '../../src/core/cluster/cluster-state.js';
import { decodeThrottling } from '../../src/core/health/throttling.js';
import { fitColumns } from '../../src/views/console/layout.js';
import { serversOf, visibleNodes } from '../../src/views/console/render/node-filter.js';
import { renderNodeRow, type RowContext } from '../../src/views/console/render/node-cells.js';
import { fixtureProfile, healthyNode, liveClusterState, T0 } from '../support/console-fixture.js';

const columns = fitColumns(198);
const ctx: RowContext = { now: T0 + 60_000, haproxyStale: false };
const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const toneOf = (segments: { text: string; tone: string }[], needle: string) => segments.find((s) => s.text.includes(needle))?.tone;

describe('node rows', () => {
  it('is exactly as wide as the columns', () => {
    const { state } = liveClusterState();
    const last = columns[columns.length - 1]!;
    for (const row of state.nodes) {
      expect([...text(renderNodeRow(row, serversOf(state, row.spec.name), columns, ctx))]).toHaveLength(last.x + last.width);
    }
  });

  it('shows a live worker: health, HAProxy state, weight, req/s', () => {
    const { state } = liveClusterState();
    const p2 = state.nodes.find((n) => n.spec.name === 'p2')!;
    const line = text(renderNodeRow(p2, serversOf(state, 'p2'), columns, ctx));
    expect(line).toMatch(/^p2\s+Pi Zero\s+up\s+13%\s+0\.42\s+40%\s+48\.3°C\s+1200 MHz\s+none\s+✓nginx,app\s+UP\s+L7OK\s+1\s+1\s+10\s/);
  });

  it('every row of a fresh state says connecting, nothing else', () => {
    const state = initialClusterState(fixtureProfile(), T0);
    for (const row of state.nodes) {
      const line = text(renderNodeRow(row, [], columns, ctx));
      expect(line).toContain('conn…');
      expect(line).toContain('connecting…');
      expect(line).not.toMatch(/\d+%/);
    }
  });

  it('a down node says why and since when across its health columns', () => {
    const { state } = liveClusterState({ down: ['p2'] });
    const p2 = state.nodes.find((n) => n.spec.name === 'p2')!;
    const segments = renderNodeRow(p2, serversOf(state, 'p2'), columns, ctx);
    const line = text(segments);
    expect(line).toContain('DOWN');
    expect(line).toMatch(/DOWN\s+connection refused · since \d\d:\d\d:\d\d \(59s\)/);
    const narrow = text(renderNodeRow(p2, serversOf(state, 'p2'), fitColumns(78), ctx));
    expect(narrow).toMatch(/DOWN\s+refused · since \d\d:\d\d:\d\d \(59s\)/);
    expect(toneOf(segments, 'DOWN')).toBe('bad');
  });

  it('stale values are marked and dim, never shown as live', () => {
    const { profile, state } = liveClusterState();
    const node = profile.workers[0]!;
    const live = state.nodes.find((n) => n.spec.name === node.name)!;
    const staleCpu = { ...live.health.cpu, state: 'stale', reason: 'read failed' } as never;
    const next = reduceCluster(state, { type: 'health', node: node.name, at: T0, health: { ...live.health, cpu: staleCpu } });
    const segments = renderNodeRow(next.nodes.find((n) => n.spec.name === node.name)!, [], columns, ctx);
    expect(text(segments)).toContain('13%~');
    expect(toneOf(segments, '13%~')).toBe('dim');
    const haproxyStale = renderNodeRow(live, serversOf(state, node.name), columns, { ...ctx, haproxyStale: true });
    expect(text(haproxyStale)).toContain('UP~');
  });

  it('throttle and under-voltage flags are an alert; since boot is a warning', () => {
    const { profile, state } = liveClusterState();
    const p1 = profile.workers[0]!;
    const now = healthyNode(p1.name, p1.services, T0, { throttling: { state: 'ok', at: T0, value: { ...decodeThrottling(0x50005), source: 'vcgencmd' } } });
    const row = { ...state.nodes[1]!, health: now };
    const segments = renderNodeRow(row, [], columns, ctx);
    expect(text(segments)).toContain('UV THR');
    expect(toneOf(segments, 'UV THR')).toBe('alert');
    const past = healthyNode(p1.name, p1.services, T0, { throttling: { state: 'ok', at: T0, value: { ...decodeThrottling(0x10000), source: 'sysfs' } } });
    expect(toneOf(renderNodeRow({ ...row, health: past }, [], columns, ctx), 'was UV')).toBe('warn');
  });

  it('shows DRAIN, MAINT and DOWN in their tones, and a running action in place', () => {
    const { state } = liveClusterState({ status: { p1: 'DRAIN', p2: 'MAINT', p3: 'DOWN' } });
    const tone = (n: string, s: string) => toneOf(renderNodeRow(state.nodes.find((r) => r.spec.name === n)!, serversOf(state, n), columns, ctx), s);
    expect(tone('p1', 'DRAIN')).toBe('warn');
    expect(tone('p2', 'MAINT')).toBe('warn');
    expect(tone('p3', 'DOWN')).toBe('bad');
    expect(tone('p3', 'L4CON')).toBe('bad');
    const pi3 = state.nodes.find((r) => r.spec.name === 'pi3')!;
    const running = renderNodeRow(pi3, serversOf(state, 'pi3'), columns, { ...ctx, activity: { id: 1, label: 'drain pi3', target: 'pi3', state: 'running', startedAt: T0 } });
    expect(text(running)).toContain('drain…');
  });

  it('filters by name, model and state words', () => {
    const { state } = liveClusterState({ status: { p1: 'DRAIN' }, down: ['p3'] });
    const names = (f: string) => visibleNodes(state, f).map((n) => n.spec.name);
    expect(names('')).toEqual(['head', 'p1', 'p2', 'p3', 'pi3']);
    expect(names('pi')).toEqual(['head', 'p1', 'p2', 'p3', 'pi3']);
    expect(names('zero')).toEqual(['p2']);
    expect(names('drain')).toEqual(['p1']);
    expect(names('DOWN')).toEqual(['p3']);
    expect(names('worker pi3')).toEqual(['pi3']);
  });
});
