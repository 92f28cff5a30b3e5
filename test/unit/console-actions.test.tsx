import { afterEach, describe, expect, it } from 'vitest';
import type { ActionReport } from '../../src/core/actions/action-report.js';
import type { ActionRequest } from '../../src/core/actions/action-request.js';
import type { ResolvedAction } from '../../src/core/actions/resolve-action.js';
import type { ActionRunner } from '../../src/views/console/console-ports.js';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

function report(request: ActionRequest, result: ActionReport['result'], extra: Partial<ActionReport> = {}): ActionReport {
  return { action: request.kind, profile: 'lab', node: request.node, title: `${request.kind} ${request.node}`, dryRun: false, result, forced: [], commands: [], servers: [], ...extra };
}

/** A runner that records requests and answers with `answer`; `hold` keeps it running until released. */
function fakeRunner(answer: (r: ActionRequest) => ActionReport = (r) => report(r, 'ok')) {
  const calls: ActionRequest[] = [];
  const actions: ResolvedAction[] = [];
  let release: (() => void) | undefined;
  const runner: ActionRunner & { calls: ActionRequest[]; actions: ResolvedAction[]; hold: boolean; release(): void } = {
    calls,
    actions,
    hold: false,
    release: () => release?.(),
    async run(action, progress) {
      const { request } = action;
      calls.push(request);
      actions.push(action);
      progress(`sending ${request.kind}`);
      if (runner.hold) await new Promise<void>((r) => (release = r));
      return answer(request);
    },
  };
  return runner;
}

const selectP2 = ['j', 'j'];

describe('console actions', () => {
  it('d opens a confirm dialog focused on Cancel; Enter there does nothing', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press(...selectP2);
    await view.waitFor(/▸ p2/);
    await view.press('d');
    await view.waitFor(/\[ Cancel \]\s+Drain/);
    await view.press(KEY.enter);
    await view.waitFor((f) => !f.includes('Cancel'));
    expect(actions.calls).toEqual([]);
  });

  it('Tab to Drain, Enter: runs the shared action, progress in place, result in the event log', async () => {
    const actions = fakeRunner((r) =>
      report(r, 'ok', { servers: [{ target: { backend: 'web', server: 'p2' }, ok: true, before: null, after: { backend: 'web', server: 'p2', status: 'DRAIN', weight: 1, configuredWeight: 1, currentSessions: 0, checkStatus: 'L7OK', mismatches: [] } }] }),
    );
    actions.hold = true;
    view = await renderConsole({ actions });
    await view.press(...selectP2, 'd');
    await view.waitFor('[ Cancel ]');
    await view.press(KEY.tab);
    await view.waitFor('[ Drain ]');
    await view.press(KEY.enter);
    await view.waitFor(/p2\s.*drain…/);
    await view.waitFor('drain p2… sending drain');
    expect(actions.calls).toEqual([{ kind: 'drain', node: 'p2', force: false }]);
    // Resolved once, by the console, before the dialog: the runner gets p2's servers with the request.
    expect(actions.actions[0]?.steps).toMatchObject([{ kind: 'set-servers', servers: [{ backend: 'web', server: 'p2' }] }]);
    actions.release();
    await view.waitFor('drain p2: done: p2 DRAIN weight 1');
    expect(view.refreshes).toBe(1);
    expect(view.cluster.getState().events.map((e) => e.text)).toContain('drain p2: done: p2 DRAIN weight 1');
  });

  it('the last-UP guard opens a Force dialog; only choosing Force runs it with force', async () => {
    const actions = fakeRunner((r) =>
      r.kind !== 'restart' && r.force
        ? report(r, 'ok')
        : report(r, 'refused', { reason: 'refused: web/p2 is the last UP server in backend web', hint: 'add --force to do it anyway (clients get 503 until a server is back)', refusedBy: 'guard' }),
    );
    view = await renderConsole({ actions });
    await view.press(...selectP2, 'd');
    await view.waitFor('[ Cancel ]');
    await view.press(KEY.right, KEY.enter);
    await view.waitFor('last server taking traffic');
    const f = await view.waitFor(/\[ Cancel \]\s+Force it/);
    expect(f).toContain('web/p2 is the last UP server');
    const said = view.cluster.getState().events.map((e) => e.text).join('\n');
    expect(said).toContain('refused: web/p2 is the last UP server');
    expect(said).not.toContain('refused: refused');
    await view.press(KEY.enter);
    await view.waitFor((fr) => !fr.includes('Force it'));
    expect(actions.calls).toHaveLength(1);
    await view.press('d', KEY.tab, KEY.enter);
    await view.waitFor('Force it');
    await view.press(KEY.tab, KEY.enter);
    await view.waitFor('drain p2 (forced): done');
    expect(actions.calls.at(-1)).toEqual({ kind: 'drain', node: 'p2', force: true });
    expect(actions.actions.at(-1)?.steps).toMatchObject([{ kind: 'set-servers', request: { force: true }, servers: [{ backend: 'web', server: 'p2' }] }]);
  });

  it('r runs at once (nothing to confirm); a failure shows in place and in the log', async () => {
    const actions = fakeRunner((r) => report(r, 'failed', { reason: 'web/p2: No such server.' }));
    view = await renderConsole({ actions });
    await view.press(...selectP2, 'r');
    await view.waitFor('ready p2: failed: web/p2: No such server.');
    expect(actions.calls).toEqual([{ kind: 'ready', node: 'p2', force: false }]);
  });

  it('an action that could not be recorded shows that line as its result; a record lost afterwards is a warning in the log', async () => {
    const line = 'cannot record the action in /data/picon/audit.jsonl (permission denied); nothing was changed';
    const refused = fakeRunner((r) => report(r, 'refused', { refusedBy: 'journal', reason: line }));
    view = await renderConsole({ actions: refused });
    await view.press(...selectP2, 'r');
    await view.waitFor(`ready p2: refused: ${line}`);
    view.unmount();
    const warned = fakeRunner((r) => report(r, 'ok', { auditWarning: 'could not record the result of the action in /data/picon/audit.jsonl (no space left on the device)' }));
    view = await renderConsole({ actions: warned });
    await view.press(...selectP2, 'r');
    await view.waitFor('could not record the result of the action in /data/picon/audit.jsonl');
  });

  it('HAProxy locked by another picon: the holder is named in place and in the log (no Force dialog)', async () => {
    const reason = 'refused: HAProxy on head is locked by alice@laptop (pid 4242, drain p1) since 12:03:04Z; waited 10 s';
    const actions = fakeRunner((r) => report(r, 'refused', { reason, hint: 'try again or wait (--lock-wait SECONDS waits longer)', refusedBy: 'lock' }));
    view = await renderConsole({ actions });
    await view.press(...selectP2, 'r');
    await view.waitFor(`ready p2: ${reason}`);
    // The command line's words: the reason and what to try.
    expect(view.cluster.getState().events.map((e) => e.text)).toContain(`ready p2: ${reason}; try again or wait (--lock-wait SECONDS waits longer)`);
    expect(view.frame()).not.toContain('Force it');
  });

  it('w opens a weight prompt with the current weight; +/- nudge; a % is accepted', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press(...selectP2, 'w');
    await view.waitFor(/Weight of p2 \(now 1\)/);
    await view.press('+', '+', KEY.up);
    await view.waitFor('New weight: 4');
    await view.press('-');
    await view.waitFor('New weight: 3');
    await view.press(KEY.enter);
    await view.waitFor('weight p2 3: done');
    await view.press('w', KEY.backspace, '50%', KEY.enter);
    await view.waitFor('weight p2 50%: done');
    expect(actions.calls).toEqual([
      { kind: 'weight', node: 'p2', weight: { unit: 'absolute', amount: 3 }, force: false },
      { kind: 'weight', node: 'p2', weight: { unit: 'percent', amount: 50 }, force: false },
    ]);
  });

  it('weight 0 asks first; a bad weight says why and stays open', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press(...selectP2, 'w', KEY.backspace, 'x', KEY.enter);
    await view.waitFor('weight must be 0..256');
    await view.press(KEY.backspace, '0', KEY.enter);
    await view.waitFor('[ Cancel ]');
    expect(actions.calls).toEqual([]);
  });

  it('s picks a service, then confirms the restart; afterwards that node\'s services are checked at once', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press(...selectP2, 's');
    await view.waitFor('Restart which service on p2?');
    await view.press('j', KEY.enter);
    await view.waitFor('restart app on p2?');
    await view.press(KEY.tab, KEY.enter);
    await view.waitFor('restart app on p2: done');
    expect(actions.calls).toEqual([{ kind: 'restart', node: 'p2', service: 'app' }]);
    expect(view.rechecked).toEqual(['p2']);
  });

  it('the command line runs the same actions, and says what is wrong with a bad one', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press(':', 'weight pi3 3');
    await view.waitFor(':weight pi3 3');
    await view.press(KEY.enter);
    await view.waitFor('weight pi3 3: done');
    await view.press(':', 'drian p2', KEY.enter);
    await view.waitFor('unknown command "drian"');
    await view.press(KEY.escape, ':', 'drain p9', KEY.enter);
    await view.waitFor('no node named "p9"');
    await view.press(KEY.escape, ':', 'drain p1', KEY.enter);
    await view.waitFor('drain p1?');
    expect(actions.calls).toHaveLength(1);
    expect(actions.calls[0]).toMatchObject({ kind: 'weight', node: 'pi3', weight: { unit: 'absolute', amount: 3 }, force: false });
  });

  it('actions on the head are refused before any dialog', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press('d');
    await view.waitFor('head is not an HAProxy server');
    expect(actions.calls).toEqual([]);
  });

  it('--read-only: action keys do nothing but say so; help and footer list no actions', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions, readOnly: true });
    expect(view.frame()).toContain('READ-ONLY');
    expect(view.frame()).not.toContain('d drain');
    await view.press(...selectP2, 'd');
    await view.waitFor('d (drain): refused, picon is running --read-only (it changes the cluster)');
    await view.press(':', 'drain p2', KEY.enter);
    await view.waitFor('drain p2: refused, picon is running --read-only (it changes the cluster)');
    await view.press('?');
    const help = await view.waitFor('Keys (read-only');
    expect(help).not.toMatch(/Drain the selected node/);
    expect(actions.calls).toEqual([]);
  });
});

describe('keys in one chunk', () => {
  it('Tab and Enter sent together (as tmux does) act as two keys', async () => {
    const actions = fakeRunner();
    view = await renderConsole({ actions });
    await view.press('jjd');
    await view.waitFor('[ Cancel ]');
    await view.press('\t\r');
    await view.waitFor('drain p2: done');
    await view.press(':weight p2 2\r');
    await view.waitFor('weight p2 2: done');
    expect(actions.calls).toHaveLength(2);
  });
});
