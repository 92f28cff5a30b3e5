import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/core/cluster/cluster-state.js';
import type { Profile } from '../../src/core/profile/profile.js';
import { topShares } from '../../src/views/console/render/throughput-lines.js';
import { liveClusterState } from '../support/console-fixture.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

/**
 * The console at fleet size: 30 workers (w1…w30; w30 takes the most requests: the fixture gives
 * worker i 5 + 5·i req/s), the even ones tagged rack2, the odd ones rack1.
 */

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

function fleet(workers = 30): { profile: Profile; state: ClusterState } {
  const { profile, state } = liveClusterState({ workers });
  const tagged = (n: Profile['nodes'][number]) => (n.role === 'head' ? n : { ...n, tags: [Number(n.name.slice(1)) % 2 === 0 ? 'rack2' : 'rack1', 'web'] });
  const workersTagged = profile.workers.map(tagged);
  const nodes = [profile.head, ...workersTagged];
  return {
    profile: { ...profile, workers: workersTagged, nodes },
    state: { ...state, nodes: state.nodes.map((row) => ({ ...row, spec: nodes.find((n) => n.name === row.spec.name) ?? row.spec })) },
  };
}

/** The node names in the table, top to bottom. */
const tableNames = (frame: string): string[] =>
  frame.split('\n').map((l) => /^[▸ ] (head|w\d+)\s/.exec(l)?.[1]).filter((n): n is string => n !== undefined);

/** The share pane's rows: name, then percent. */
const shareRows = (frame: string): string[] =>
  frame.split('\n').map((l) => /┤.*?\s{2}(w\d+)\s+[█▏▎▍▌▋▊▉ ]*\s+\d+%/.exec(l)?.[1]).filter((n): n is string => n !== undefined);

describe('the console at 30 workers', () => {
  it('the share pane lists the busiest servers first and says how many more there are and their part', async () => {
    const { profile, state } = fleet();
    view = await renderConsole({ profile, state, size: { columns: 160, rows: 48 } });
    const f = view.frame();
    const shown = shareRows(f);
    expect(shown.slice(0, 3)).toEqual(['w30', 'w29', 'w28']);
    const more = /(\d+) more: (\d+)% of requests/.exec(f);
    expect(more).not.toBeNull();
    expect(Number(more?.[1]) + shown.length).toBe(30);
    // Worker i takes 5 + 5i of the 2400 req/s the 30 share (i = 0 … 29): those not shown, together.
    const hidden = Array.from({ length: Number(more?.[1]) }, (_, i) => 5 + 5 * i).reduce((a, b) => a + b, 0);
    expect(Number(more?.[2])).toBe(Math.round((hidden / Array.from({ length: 30 }, (_, i) => 5 + 5 * i).reduce((a, b) => a + b, 0)) * 100));
  });

  it('o cycles the sort column (its header shows ▼ or ▲, in place of its last letter when the column is narrow), O turns it round; a node without the value goes last', async () => {
    const { profile, state } = fleet();
    view = await renderConsole({ profile, state, size: { columns: 160, rows: 48 } });
    expect(tableNames(view.frame()).slice(0, 3)).toEqual(['head', 'w1', 'w2']);
    await view.press('o');
    let f = await view.waitFor(/ NOD▲ /);
    expect(tableNames(f).slice(0, 4)).toEqual(['head', 'w1', 'w2', 'w3']);
    expect(f).toContain('nodes sorted by name, A to Z');
    await view.press('O');
    f = await view.waitFor(/ NOD▼ /);
    expect(tableNames(f).slice(0, 3)).toEqual(['w30', 'w29', 'w28']);
    // name → cpu → load → memory → temperature → rate
    await view.press('o', 'o', 'o', 'o', 'o');
    f = await view.waitFor('REQ/S▼');
    expect(tableNames(f).slice(0, 3)).toEqual(['w30', 'w29', 'w28']);
    await view.press('O');
    f = await view.waitFor('REQ/S▲');
    const names = tableNames(f);
    expect(names.slice(0, 3)).toEqual(['w1', 'w2', 'w3']);
    expect(names.at(-1)).toBe('head');
    expect(f).toContain('nodes sorted by req/s, smallest first');
  });

  it('the selection stays on its node when the order changes', async () => {
    const { profile, state } = fleet();
    view = await renderConsole({ profile, state, size: { columns: 160, rows: 48 } });
    await view.press('j', 'j');
    await view.waitFor(/▸ w2\s/);
    await view.press('o', 'O');
    await view.waitFor(/ NOD▼ /);
    expect(view.frame()).toMatch(/▸ w2\s/);
  });

  it('/ tag:rack2 keeps the nodes with that tag; a plain word matches tags too', async () => {
    const { profile, state } = fleet();
    view = await renderConsole({ profile, state, size: { columns: 160, rows: 48 } });
    await view.press('/', 'tag:rack2', KEY.enter);
    const f = await view.waitFor('[filter: tag:rack2, 15 of 31]');
    expect(tableNames(f)).toEqual(Array.from({ length: 15 }, (_, i) => `w${2 * (i + 1)}`));
    await view.press(KEY.escape, '/', 'rack1', KEY.enter);
    await view.waitFor('[filter: rack1, 15 of 31]');
    await view.press(KEY.escape, '/', 'model:3', KEY.enter);
    await view.waitFor('[filter: model:3, 30 of 31]');
    await view.press(KEY.escape, '/', 'tag:rack1 model:3 w1', KEY.enter);
    const both = await view.waitFor('[filter: tag:rack1 model:3 w1,');
    expect(tableNames(both)).toEqual(['w1', 'w11', 'w13', 'w15', 'w17', 'w19']);
  });
});

describe('topShares', () => {
  const share = (name: string, fraction: number) => ({ name, rate: fraction * 100, fraction });
  it.each([
    { rows: 4, given: [share('a', 0.1), share('b', 0.6), share('c', 0.3)], shown: ['b', 'c', 'a'], more: undefined },
    { rows: 3, given: [share('a', 0.1), share('b', 0.6), share('c', 0.3)], shown: ['b', 'c', 'a'], more: undefined },
    { rows: 2, given: [share('a', 0.1), share('b', 0.6), share('c', 0.3)], shown: ['b'], more: { count: 2, fraction: 0.4 } },
    { rows: 1, given: [share('a', 0.5), share('b', 0.5)], shown: [], more: { count: 2, fraction: 1 } },
  ])('$rows rows', ({ rows, given, shown, more }) => {
    const result = topShares(given, rows);
    expect(result.shown.map((s) => s.name)).toEqual(shown);
    if (more === undefined) expect(result.more).toBeUndefined();
    else expect(result.more?.count).toBe(more.count);
    if (more !== undefined) expect(result.more?.fraction).toBeCloseTo(more.fraction);
  });
});
