import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../../src/core/rollout/rollout-events.js';
import type { RolloutRequest } from '../../src/core/rollout/rollout-request.js';
import type { RolloutRunner } from '../../src/views/console/console-ports.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

/** The console's R: pick a rolling restart, confirm it, watch each node's step in place, Esc stops it before the next batch. */

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

describe('R: a rolling restart from the console', () => {
  it('offers every worker or the selected node, asks first, shows per-node progress, and Esc stops it', async () => {
    const asked: RolloutRequest[] = [];
    let emit: ((e: RolloutEvent) => void) | undefined;
    let aborted: AbortSignal | undefined;
    let finish: (() => void) | undefined;
    const rollouts: RolloutRunner = {
      async run(request, onEvent, signal) {
        asked.push(request);
        emit = onEvent;
        aborted = signal;
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return 1;
      },
    };
    view = await renderConsole({ rollouts });
    await view.press('j', 'R');
    await view.waitFor('Rolling restart: which service, on which nodes?');
    const picker = view.frame();
    expect(picker).toContain('restart nginx --all');
    expect(picker).toMatch(/restart nginx --workers p\d/);
    await view.press(KEY.enter);
    await view.waitFor('rollout restart nginx --all?');
    expect(asked).toEqual([]);
    await view.press(KEY.tab, KEY.enter);
    await view.waitFor(() => asked.length === 1);
    expect(asked[0]).toMatchObject({ kind: 'rollout', change: { kind: 'restart', service: 'nginx' }, workers: 'all', batch: 1 });
    emit?.({ event: 'plan', rollout: 'rollout restart nginx --all', id: 'x', dryRun: false, resumed: false, batches: [['p1'], ['p2']], notes: [] });
    emit?.({ event: 'phase', node: 'p1', phase: 'restarting', batch: 1 });
    await view.waitFor('p1 restarting · p2 waiting');
    await view.press(KEY.escape);
    await view.waitFor('stopping before the next batch');
    expect(aborted?.aborted).toBe(true);
    emit?.({ event: 'stopped', rollout: 'rollout restart nginx --all', node: 'p2', phase: 'waiting', reason: 'cancelled before this batch; nothing of it was touched', done: ['p1'], resume: 'picon rollout resume' });
    finish?.();
    await view.waitFor(/stopped at p2 \(waiting\)/);
  });
});
