import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command.js';
import { run } from '../../src/cli/commands/console.js';
import { createClusterStore } from '../../src/adapters/monitor/cluster-store.js';
import { initialClusterState } from '../../src/core/cluster/cluster-state.js';
import { parseCommandLine } from '../../src/views/console/command-line.js';
import { switchableSource } from '../../src/views/console/switchable-source.js';
import { fixtureProfile, T0 } from '../support/console-fixture.js';

function ctx(tty: { stdin: boolean; stdout: boolean }, args: string[] = []) {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stdout = Object.assign(new PassThrough(), { isTTY: tty.stdout });
  const stdin = Object.assign(new PassThrough(), { isTTY: tty.stdin });
  const c = {
    globals: { json: false, yes: false, dryRun: false, readOnly: false },
    args,
    stdout,
    stderr,
    stdin,
    env: {},
    packageRoot: '/nonexistent',
  } as unknown as CommandContext;
  return { c, err: () => err };
}

describe('picon (the console command) without a terminal', () => {
  it.each([
    [{ stdin: true, stdout: false }, 'stdout'],
    [{ stdin: false, stdout: true }, 'stdin'],
  ])('exits 2 with one line pointing to picon status (%o)', async (tty, which) => {
    const { c, err } = ctx(tty);
    expect(await run(c)).toBe(2);
    expect(err()).toBe(`picon: the console needs a terminal (${which} is not a TTY); for a one-shot text view run \`picon status\`\n`);
  });

  it('rejects unknown options and a bad --interval before touching the terminal', async () => {
    await expect(run(ctx({ stdin: false, stdout: false }, ['--bogus']).c)).rejects.toThrow(/console: Unknown option '--bogus'/);
    await expect(run(ctx({ stdin: false, stdout: false }, ['--interval', '0']).c)).rejects.toThrow(/--interval: 0 is not allowed; give seconds from 0.2 to 60/);
  });
});

describe('command line', () => {
  const profile = fixtureProfile();
  it.each([
    ['drain p2', { kind: 'action', request: { kind: 'drain', node: 'p2', force: false } }],
    ['drain p2 --force', { kind: 'action', request: { kind: 'drain', node: 'p2', force: true } }],
    ['weight pi3 50%', { kind: 'action', request: { kind: 'weight', node: 'pi3', weight: { unit: 'percent', amount: 50 } } }],
    ['restart p1 nginx', { kind: 'action', request: { kind: 'restart', node: 'p1', service: 'nginx' } }],
    ['  bench   smoke ', { kind: 'action', request: { kind: 'bench', preset: 'smoke' } }],
    ['filter pi zero', { kind: 'filter', text: 'pi zero' }],
    ['help', { kind: 'help' }],
    ['q', { kind: 'quit' }],
  ])('%s', (text, intent) => {
    const parsed = parseCommandLine(text, profile);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject(intent);
  });

  it('an action comes resolved: its targets are checked here, once, and the console acts on exactly these', () => {
    const parsed = parseCommandLine('drain p2', profile);
    expect(parsed.ok && parsed.value.kind === 'action' && parsed.value.resolved).toMatchObject({
      request: { kind: 'drain', node: 'p2' },
      steps: [{ kind: 'set-servers', servers: [{ backend: 'web', server: 'p2' }] }],
    });
  });

  it.each([
    ['', /type a command/],
    ['drian p2', /unknown command "drian"/],
    ['drain', /usage: drain NODE/],
    ['drain p9', /no node named "p9"/],
    ['drain head', /head is not an HAProxy server/],
    ['restart p1 mysql', /mysql/],
    ['weight p1 999', /too big/],
    ['bench', /bench needs a preset name/],
  ])('%j is refused with a reason', (text, reason) => {
    const parsed = parseCommandLine(text, profile);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('switchable cluster source', () => {
  it('listeners follow the swap and hear the new state at once', () => {
    const profile = fixtureProfile();
    const first = createClusterStore(initialClusterState(profile, T0), 0);
    const second = createClusterStore({ ...initialClusterState(profile, T0), profileName: 'second' }, 0);
    const source = switchableSource(first);
    const seen: string[] = [];
    source.subscribe((s) => seen.push(s.profileName));
    source.switchTo(second);
    expect(seen).toEqual(['second']);
    expect(source.getState().profileName).toBe('second');
  });
});

describe('throttled cluster source', () => {
  it('many changes inside the window make one notification with the last state', async () => {
    const { throttledSource } = await import('../../src/views/console/throttled-source.js');
    const profile = fixtureProfile();
    const store = createClusterStore(initialClusterState(profile, T0), 0);
    const source = throttledSource(store, 40);
    const seen: number[] = [];
    const done = new Promise<void>((resolve) =>
      source.subscribe((s) => {
        seen.push(s.events.length);
        if (s.events.length === 5) resolve();
      }),
    );
    for (let i = 0; i < 5; i++) store.dispatch({ type: 'log', at: T0, level: 'info', text: `change ${i}` });
    await done;
    expect(seen).toEqual([5]);
  });
});
