import { afterEach, describe, expect, it } from 'vitest';
import { initialClusterState } from '../../src/core/cluster/cluster-state.js';
import { fixtureProfile, liveClusterState, T0 } from '../support/console-fixture.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

describe('console screen', () => {
  it('first frame: every node listed as connecting, before any data', async () => {
    const profile = fixtureProfile();
    view = await renderConsole({ profile, state: initialClusterState(profile, T0) });
    const f = view.frame();
    for (const name of ['head', 'p1', 'p2', 'p3', 'pi3']) expect(f).toMatch(new RegExp(`${name}\\s+.*conn…\\s+connecting…`));
    expect(f).toContain('HAProxy …');
  });

  it('a live cluster: header totals, table, chart and share, events, footer hints', async () => {
    view = await renderConsole();
    const f = view.frame();
    expect(f).toMatch(/picon lab\s+HAProxy 2\.6\.12/);
    expect(f).toMatch(/req\/s 40\s+sessions 3\s+5xx\/s 0/);
    expect(f).toMatch(/NODE\s+SSH\s+CPU/);
    expect(f).toMatch(/▸ head/);
    expect(f).toMatch(/pi3\s.*UP\s+L7OK/);
    expect(f).toContain('Throughput, last');
    expect(f).toMatch(/[\u2801-\u28ff]/);
    expect(f).toMatch(/pi3\s+█+/);
    expect(f).toContain('Events');
    expect(f).toMatch(/d drain\s+r ready/);
  });

  it.each([
    [80, 24],
    [120, 40],
    [200, 60],
  ])('at %i×%i the frame is at most rows − 1 lines and no line is wider than the terminal', async (columns, rows) => {
    view = await renderConsole({ size: { columns, rows } });
    const lines = view.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
    expect(view.frame()).toContain('pi3');
  });

  it('50 nodes at 80×24: only the rows that fit, and the selection scrolls', async () => {
    const { profile, state } = liveClusterState({ workers: 50 });
    view = await renderConsole({ profile, state, size: { columns: 80, rows: 24 } });
    expect(view.frame().split('\n').length).toBeLessThanOrEqual(23);
    expect(view.frame()).not.toContain('w30');
    await view.press(...Array.from({ length: 29 }, () => 'j'));
    await view.waitFor(/▸ w29/);
    expect(view.frame()).not.toMatch(/^\s+head\s/m);
  });

  it('a down node shows why and since when; the others stay live', async () => {
    const { profile, state } = liveClusterState({ down: ['p2'] });
    view = await renderConsole({ profile, state });
    const f = view.frame();
    expect(f).toMatch(/p2\s+.*DOWN\s+connection refused · since \d\d:\d\d:\d\d/);
    expect(f).toMatch(/p1\s+.*up\s+13%/);
  });

  it('HAProxy errors show in the throughput pane and its numbers go stale', async () => {
    view = await renderConsole();
    view.cluster.dispatch({ type: 'haproxy-error', at: T0 + 20_000, error: 'head: /run/haproxy/admin.sock: connection refused' });
    const f = await view.waitFor('HAProxy: head: /run/haproxy/admin.sock: connection refused');
    expect(f).toMatch(/UP~/);
    expect(f).toContain('HAProxy not answering');
  });

  it('fills rows as data arrives (the store drives the screen)', async () => {
    const profile = fixtureProfile();
    view = await renderConsole({ profile, state: initialClusterState(profile, T0) });
    view.cluster.dispatch({ type: 'connection', node: 'p1', at: T0, connection: { state: 'up', since: T0, attempts: 0 } });
    await view.waitFor(/p1\s+.*up\s/);
    expect(view.frame()).toMatch(/p2\s+.*conn…/);
  });
});
