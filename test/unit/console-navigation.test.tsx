import { afterEach, describe, expect, it } from 'vitest';
import type { LoadTestActivity } from '../../src/core/cluster/cluster-state.js';
import type { LoadTestRunner } from '../../src/views/console/console-ports.js';
import { colorAllowed, toneStyle } from '../../src/views/console/theme.js';
import { liveClusterState } from '../support/console-fixture.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

describe('console navigation', () => {
  it('↓/j and ↑/k move the selection, stopping at the ends', async () => {
    view = await renderConsole();
    await view.press(KEY.down, 'j');
    await view.waitFor(/▸ p2/);
    await view.press(KEY.up);
    await view.waitFor(/▸ p1/);
    await view.press('k', 'k', 'k');
    await view.waitFor(/▸ head/);
  });

  it('Enter opens the details of the selected node; Esc goes back', async () => {
    const { profile, state } = liveClusterState({ status: { p1: 'DRAIN' } });
    view = await renderConsole({ profile, state });
    await view.press('j', KEY.enter);
    const f = await view.waitFor('Services');
    expect(f).toMatch(/cpu0\s+█+/);
    expect(f).toMatch(/web\/p1\s+DRAIN\s+check L7OK/);
    expect(f).toMatch(/weight 1\s+sessions 0\s+req\/s 5\.0/);
    expect(f).toMatch(/Throttling\s+none now/);
    expect(f).toMatch(/SSH\s+up .*OpenSSH_9\.2p1$/m);
    expect(f).not.toContain('one command at a time');
    await view.press(KEY.escape);
    await view.waitFor('Throughput');
  });

  it('the details say which sshd answers, and that an old Dropbear takes one command at a time', async () => {
    const { profile, state } = liveClusterState({ sshServers: { p1: 'dropbear_2022.83' } });
    view = await renderConsole({ profile, state, size: { columns: 140, rows: 40 } });
    await view.press('j', KEY.enter);
    const f = await view.waitFor('Services');
    expect(f).toMatch(/SSH\s+up .*dropbear_2022\.83 \(one command at a time: this Dropbear dies on more\)/);
  });

  it('/ filters as you type; Enter keeps it; Esc in the table clears it', async () => {
    view = await renderConsole();
    await view.press('/', 'pi');
    await view.waitFor('/pi');
    await view.press('3');
    await view.waitFor((f) => f.includes('pi3') && !/^\s*▸?\s*p1\s/m.test(f));
    await view.press(KEY.enter);
    await view.waitFor('[filter: pi3, 1 of 5]');
    await view.press(KEY.escape);
    await view.waitFor((f) => /^\s+p1\s/m.test(f) && !f.includes('[filter'));
  });

  it('a filter that matches nothing says so', async () => {
    view = await renderConsole();
    await view.press('/', 'zzz', KEY.enter);
    await view.waitFor('no node matches the filter "zzz"');
  });

  it('? shows every key from the keymap; ? or Esc closes it', async () => {
    view = await renderConsole();
    await view.press('?');
    const f = await view.waitFor('Keys  ·  ? or Esc closes');
    expect(f).toContain('Drain the selected node');
    expect(f).toContain('Command line: drain p2');
    // Each key once, under the first section it works in; the results view adds only its own.
    expect(f.match(/Command line: drain p2/g)).toHaveLength(1);
    expect(f).toMatch(/Load-test results \(l\)\s*│?\s*\n.*↑\/k\s+Show the run before/);
    await view.press('?');
    await view.waitFor((fr) => !fr.includes('Keys  ·'));
    await view.press('?', KEY.escape);
    await view.waitFor((fr) => !fr.includes('Keys  ·'));
  });

  it('? in an 80×24 terminal lays the keys out in columns, so the dialogs\' keys are there too', async () => {
    view = await renderConsole({ size: { columns: 80, rows: 24 } });
    await view.press('?');
    const f = await view.waitFor('Keys  ·  ? or Esc closes');
    for (const text of ['Select the node above', 'Quit (Ctrl-C', 'Show the run before', 'Move between Cancel', 'Cancel and close']) expect(f).toContain(text);
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    // Columns keep apart: a cut description ends before the next column starts.
    expect(f).not.toMatch(/…\S/);
  });

  it('q and Ctrl-C quit', async () => {
    view = await renderConsole();
    await view.press('q');
    expect(view.quits).toBe(1);
    await view.press(KEY.ctrlC);
    expect(view.quits).toBe(2);
  });

  it('b picks a preset and runs it through the load-test port; progress shows in the header', async () => {
    const runs: string[] = [];
    let finish: (() => void) | undefined;
    const loadTests: LoadTestRunner = {
      async run(preset, report, signal) {
        runs.push(preset);
        const base: LoadTestActivity = { label: preset, state: 'running', startedAt: 0, progress: 0.4, requestsPerSecond: 321 };
        report(base);
        await new Promise<void>((resolve) => {
          finish = resolve;
          signal.addEventListener('abort', () => resolve());
        });
        report({ ...base, state: signal.aborted ? 'cancelled' : 'done', summary: '321 req/s' });
      },
    };
    view = await renderConsole({ loadTests });
    await view.press('b');
    await view.waitFor('Load test: which preset?');
    expect(view.frame()).toMatch(/▸ smoke\s+a short look/);
    await view.press(KEY.enter);
    await view.waitFor('load test smoke 40% 321 req/s');
    expect(runs).toEqual(['smoke']);
    await view.press('b');
    await view.waitFor('stop the running load test');
    await view.press(KEY.enter);
    await view.waitFor('load test smoke cancelled');
    expect(finish).toBeDefined();
  });

  it('Esc on the nodes table stops a running load test', async () => {
    let aborted = false;
    const loadTests: LoadTestRunner = {
      async run(preset, report, signal) {
        const base: LoadTestActivity = { label: preset, state: 'running', startedAt: 0, progress: 0.1 };
        report(base);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        aborted = signal.aborted;
        report({ ...base, state: 'cancelled' });
      },
    };
    view = await renderConsole({ loadTests });
    await view.press('b');
    await view.waitFor('Load test: which preset?');
    await view.press(KEY.enter);
    await view.waitFor('load test smoke 10%');
    await view.press(KEY.escape);
    await view.waitFor('load test smoke cancelled');
    expect(aborted).toBe(true);
  });

  it('b without a load-test runner still shows the presets and says how to run one', async () => {
    view = await renderConsole();
    await view.press('b');
    await view.waitFor('Load tests cannot run from this console yet: use `picon bench NAME`.');
    await view.press(KEY.enter);
    await view.waitFor('load test smoke: not available in this console; run `picon bench smoke`');
  });

  it('NO_COLOR: no colours, but alerts stay inverse and warnings bold', () => {
    expect(colorAllowed({ NO_COLOR: '1' })).toBe(false);
    expect(colorAllowed({ NO_COLOR: '' })).toBe(true);
    expect(colorAllowed({})).toBe(true);
    for (const tone of ['normal', 'dim', 'good', 'warn', 'bad', 'alert', 'accent', 'selected'] as const) {
      const style = toneStyle(tone, false);
      expect(style.color).toBeUndefined();
      expect(style.backgroundColor).toBeUndefined();
    }
    expect(toneStyle('alert', false)).toMatchObject({ inverse: true, bold: true });
    expect(toneStyle('bad', true)).toMatchObject({ color: 'red' });
  });

  it('with colour on, the frame carries colour codes; without, none', async () => {
    view = await renderConsole({ color: true });
    // The test stdout is no TTY, so Ink's chalk decides the level; the plain theme must never need it.
    view.unmount();
    view = await renderConsole({ color: false });
    expect(view.frame()).not.toMatch(/\u001b\[3[0-7]m/);
  });
});

