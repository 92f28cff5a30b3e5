import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActionDeps } from '../../src/adapters/actions/action-deps.js';
import { runAction, runPlan } from '../../src/adapters/actions/run-action.js';
import type { ResolvedLoadTestStep, ResolvedStep } from '../../src/core/actions/plan-step.js';
import { resolveAction, resolvePlan, resolveStep } from '../../src/core/actions/resolve-action.js';
import type { RunRecord } from '../../src/core/loadtest/run-record.js';
import { fixtureProfile } from '../support/console-fixture.js';
import type { ActionRequest } from '../../src/core/actions/action-request.js';
import { isIntent, type AuditRecord } from '../../src/core/actions/audit-record.js';
import { exitCodeFor } from '../../src/core/actions/action-report.js';
import { renderActionReport } from '../../src/core/actions/report-text.js';
import { FakeHaproxy, fakeTransport, runRequest, testProfile } from './actions-fakes.js';

const profile = testProfile();
const LAB_CFG = readFileSync(fileURLToPath(new URL('../fixtures/actions/lab-haproxy.cfg', import.meta.url)), 'utf8');

function cluster(servers: ConstructorParameters<typeof FakeHaproxy>[0] = {}) {
  const haproxy = new FakeHaproxy({ 'web/p1': {}, 'web/p2': {}, 'web/p3': {}, 'api/p1': {}, 'api/p2': {}, ...servers });
  const audit: AuditRecord[] = [];
  const asked: string[] = [];
  let answer = true;
  let clock = 1_000_000;
  const transports = new Map<string, ReturnType<typeof fakeTransport>>([['head', fakeTransport('head', () => ({}))]]);
  const deps = (over: Partial<ActionDeps> = {}): ActionDeps => ({
    profile,
    haproxy: () => haproxy.client(),
    transport: (node) => {
      const t = transports.get(node);
      if (t === undefined) throw new Error(`no fake transport for ${node}`);
      return t;
    },
    confirm: async (q) => {
      asked.push(q);
      return answer;
    },
    audit: {
      file: '/data/audit.jsonl',
      append: async (line) => {
        if (!isIntent(line)) audit.push(line);
      },
    },
    user: 'op',
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    pollMs: 1000,
    ...over,
  });
  return {
    haproxy,
    audit,
    asked,
    transports,
    deps,
    decline: () => {
      answer = false;
    },
  };
}

const opts = { dryRun: false, yes: false };
const drain = (node: string, more: Partial<ActionRequest> = {}): ActionRequest => ({ kind: 'drain', node, force: false, ...more }) as ActionRequest;

describe('runAction: server actions', () => {
  it('drain acts on every backend of the node, on every process, and reports what is now true', async () => {
    const c = cluster();
    const report = await runRequest(c.deps(), drain('p1'), opts);
    expect(report.result).toBe('ok');
    expect(c.haproxy.sent).toEqual([
      '/run/haproxy/admin-1.sock: set server web/p1 state drain',
      '/run/haproxy/admin-2.sock: set server web/p1 state drain',
      '/run/haproxy/admin-1.sock: set server api/p1 state drain',
      '/run/haproxy/admin-2.sock: set server api/p1 state drain',
    ]);
    expect(report.servers.map((s) => [s.target.backend, s.before?.status, s.after?.status])).toEqual([
      ['web', 'UP', 'DRAIN'],
      ['api', 'UP', 'DRAIN'],
    ]);
    expect(c.asked).toEqual(['drain p1 (web/p1, api/p1): p1 gets no new sessions; current ones finish. Go ahead?']);
    expect(exitCodeFor(report)).toBe(0);
    expect(c.audit).toHaveLength(1);
    expect(c.audit[0]).toMatchObject({
      profile: 'test', user: 'op', action: 'drain', result: 'ok', dryRun: false,
      target: { node: 'p1', servers: ['web/p1', 'api/p1'] },
      before: { 'web/p1': { status: 'UP', weight: 1, sessions: 0 } },
      after: { 'web/p1': { status: 'DRAIN' }, 'api/p1': { status: 'DRAIN' } },
    });
  });

  it('--backend narrows to one server', async () => {
    const c = cluster();
    await runRequest(c.deps(), drain('p1', { backend: 'api' }), opts);
    expect(c.haproxy.get('web/p1').status).toBe('UP');
    expect(c.haproxy.get('api/p1').status).toBe('DRAIN');
  });

  it('a dry run lists the exact lines per process, changes nothing, and is audited as a dry run', async () => {
    const c = cluster();
    const report = await runRequest(c.deps(), { kind: 'maint', node: 'p2', force: false }, { dryRun: true, yes: false });
    expect(report.result).toBe('ok');
    expect(report.commands.map((x) => `${x.socket}: ${x.line}`)).toEqual([
      '/run/haproxy/admin-1.sock: set server web/p2 state maint',
      '/run/haproxy/admin-2.sock: set server web/p2 state maint',
      '/run/haproxy/admin-1.sock: set server api/p2 state maint',
      '/run/haproxy/admin-2.sock: set server api/p2 state maint',
    ]);
    expect(c.haproxy.sent).toEqual([]);
    expect(c.asked).toEqual([]);
    expect(c.audit[0]).toMatchObject({ dryRun: true, result: 'ok', action: 'maint' });
  });

  it('maint asks first; declined changes nothing', async () => {
    const c = cluster();
    c.decline();
    const report = await runRequest(c.deps(), { kind: 'maint', node: 'p2', force: false }, opts);
    expect(c.asked).toEqual(['maint p2 (web/p2, api/p2): p2 is taken out of service at once; its sessions are cut. Go ahead?']);
    expect(report.result).toBe('declined');
    expect(c.haproxy.sent).toEqual([]);
    expect(exitCodeFor(report)).toBe(1);
  });

  it('--yes skips the question', async () => {
    const c = cluster();
    const report = await runRequest(c.deps(), { kind: 'weight', node: 'p3', force: false, weight: { unit: 'absolute', amount: 0 } }, { dryRun: false, yes: true });
    expect(c.asked).toEqual([]);
    expect(report.result).toBe('ok');
    expect(c.haproxy.get('web/p3').weight).toBe(0);
  });

  it('the guard refuses the last server taking traffic and says how to override; --force goes through', async () => {
    const c = cluster({ 'web/p1': { status: 'DRAIN' }, 'web/p2': { status: 'MAINT' } });
    const refused = await runRequest(c.deps(), drain('p3'), opts);
    expect(refused.result).toBe('refused');
    expect(refused.reason).toBe('refused: web/p3 is the last server taking traffic in backend web in /run/haproxy/admin-1.sock; it would go DOWN and answer 503');
    expect(refused.hint).toContain('--force');
    expect(refused.refusedBy).toBe('guard');
    expect(c.haproxy.sent).toEqual([]);
    expect(c.audit[0]).toMatchObject({ result: 'refused' });
    const forced = await runRequest(c.deps(), drain('p3', { force: true }), opts);
    expect(forced.result).toBe('ok');
    expect(forced.forced).toHaveLength(1);
    expect(c.haproxy.get('web/p3').status).toBe('DRAIN');
  });

  it('weight 0 counts for the guard; ready never does', async () => {
    const c = cluster({ 'web/p1': { weight: 0 }, 'web/p2': { status: 'DOWN' } });
    const zero = await runRequest(c.deps(), { kind: 'weight', node: 'p3', force: false, weight: { unit: 'percent', amount: 0 } }, { dryRun: false, yes: true });
    expect(zero.result).toBe('refused');
    const ready = await runRequest(c.deps(), { kind: 'ready', node: 'p2', force: false }, opts);
    expect(ready.result).toBe('ok');
  });

  it('a percentage is worked out from each server\'s configured weight', async () => {
    const c = cluster({ 'web/p1': { initialWeight: 10, weight: 10 }, 'api/p1': { initialWeight: 3, weight: 3 } });
    const report = await runRequest(c.deps(), { kind: 'weight', node: 'p1', force: false, weight: { unit: 'percent', amount: 50 } }, opts);
    expect(report.servers.map((s) => [s.target.backend, s.weight, s.after?.weight])).toEqual([['web', 5, 5], ['api', 2, 2]]);
    expect(c.audit[0]?.target.weights).toEqual([5, 2]);
  });

  it("HAProxy's reply text is the failure reason; the result is partial, exit 1", async () => {
    const c = cluster();
    c.haproxy.refuse = { process: '/run/haproxy/admin-2.sock', reply: 'Permission denied' };
    const report = await runRequest(c.deps(), drain('p1'), opts);
    expect(report.result).toBe('failed');
    expect(report.servers[0]).toMatchObject({ ok: false, reason: '/run/haproxy/admin-2.sock: Permission denied' });
    expect(report.reason).toContain('web/p1: /run/haproxy/admin-2.sock: Permission denied');
    expect(exitCodeFor(report)).toBe(1);
  });

  it('an unknown node or service does not resolve: the line names the node list, and there is nothing to run', () => {
    expect(resolveAction(profile, drain('p9'))).toEqual({ ok: false, reason: expect.stringContaining('nodes: head, p1, p2, p3') });
    expect(resolveAction(profile, { kind: 'restart', node: 'p1', service: 'ngnix' })).toEqual({ ok: false, reason: expect.stringContaining('did you mean "nginx"') });
  });

  it('resolves once: the runner acts on the servers it is given, and never looks the node up again', async () => {
    const c = cluster();
    const action = resolveAction(profile, drain('p1', { backend: 'web' }));
    if (!action.ok) throw new Error(action.reason);
    expect(action.value.steps).toEqual([{ kind: 'set-servers', request: drain('p1', { backend: 'web' }), servers: [{ backend: 'web', server: 'p1' }] }]);
    // A profile without p1 at run time: the resolved servers still say what is acted on.
    const report = await runAction(c.deps({ profile: { ...profile, nodes: profile.nodes.filter((n) => n.name !== 'p1') } }), action.value, opts);
    expect(report.result).toBe('ok');
    expect(c.haproxy.sent.every((l) => l.includes('web/p1'))).toBe(true);
  });
});

describe('drain --wait', () => {
  it('polls until the sessions reach 0, reporting progress', async () => {
    const c = cluster({ 'web/p1': { sessions: 3 }, 'api/p1': { sessions: 1 } });
    const progress: string[] = [];
    c.haproxy.onRead = () => {
      const s = c.haproxy.get('web/p1');
      if (s.status === 'DRAIN' && s.sessions > 0) s.sessions--;
      const a = c.haproxy.get('api/p1');
      if (a.status === 'DRAIN') a.sessions = 0;
    };
    const report = await runRequest(c.deps({ progress: (l) => progress.push(l) }), drain('p1', { wait: { timeoutMs: 60_000 } }), opts);
    expect(report.result).toBe('ok');
    expect(report.drain).toMatchObject({ drained: true, timedOut: false, sessions: 0 });
    expect(progress[0]).toMatch(/^p1: 2 sessions left/);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('gives up at the timeout, says how many are left, exit 1', async () => {
    const c = cluster({ 'web/p1': { sessions: 5 } });
    const report = await runRequest(c.deps(), drain('p1', { wait: { timeoutMs: 3000 } }), opts);
    expect(report.result).toBe('failed');
    expect(report.drain).toEqual({ drained: false, timedOut: true, waitedMs: 3000, sessions: 5 });
    expect(report.reason).toContain('still 5 sessions');
    expect(report.servers[0]?.after?.status).toBe('DRAIN');
  });
});

describe('weight --persist', () => {
  const CONFIG = '/etc/haproxy/haproxy.cfg';
  /**
   * A head with files: answers the inspect and `cat` reads, and plays the atomic write script
   * (its own tests run it for real): the stdin's size line is checked, then the file replaced.
   */
  function headAnswering(opts: { checkFails?: boolean; size?: number; content?: string; inspect?: { code: number; stderr: string } } = {}) {
    const files = new Map<string, string>([[CONFIG, opts.content ?? LAB_CFG]]);
    const writes: { file: string; args: string[] }[] = [];
    return { files, writes, transport: fakeTransport('head', (command, stdin) => {
      const quoted = [...command.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
      if (command.includes(' picon-inspect ') && opts.inspect !== undefined) return opts.inspect;
      if (command.includes(' picon-inspect ')) return { stdout: `${CONFIG}\n${opts.size ?? Buffer.byteLength(files.get(CONFIG) ?? '')}\nown\n` };
      if (command.startsWith("'cat'")) return { stdout: files.get(quoted.at(-1) ?? '') ?? '' };
      if (command.includes(' picon-write ')) {
        const args = quoted.slice(-5);
        const [file = '', , check, backup] = args;
        writes.push({ file, args });
        const newline = (stdin ?? '').indexOf('\n');
        const [size] = (stdin ?? '').slice(0, newline).split(' ');
        const text = (stdin ?? '').slice(newline + 1);
        if (Number(size) !== Buffer.byteLength(text)) return { code: 22, stderr: 'received fewer bytes' };
        const temp = `${file}.picon-Ab12Cd.tmp`;
        if (check === '1' && opts.checkFails === true) return { code: 30, stdout: `picon-write-temp ${temp}\n`, stderr: `[ALERT] config : parsing [${temp}:30] : unknown keyword 'wieght'\n` };
        if (backup !== undefined && backup !== '') files.set(backup, files.get(file) ?? '');
        files.set(file, text);
        return { stdout: `picon-write-temp ${temp}\npicon-write-removed-temp ${file}.picon-Zz99zz.tmp\n` };
      }
      if (command.startsWith('sudo -n systemctl restart')) return {};
      return { code: 127, stderr: `unexpected ${command}` };
    }) };
  }
  const persist4 = { kind: 'weight', node: 'p1', backend: 'web', force: false, weight: { unit: 'absolute', amount: 4 }, persist: true } as const;
  /** A script by the name it runs under (`sh -c '…' picon-write ARGS`), any other command by its first word. */
  const firstWord = (line: string): string => / (picon-(?:write|inspect)) '/.exec(line)?.[1] ?? line.split(' ')[0] ?? '';

  it('reads, writes the server line atomically with a backup, reloads, and keeps other runtime changes', async () => {
    const c = cluster({ 'web/p2': { status: 'MAINT', adminBits: 1 } });
    const head = headAnswering();
    c.transports.set('head', head.transport);
    const report = await runRequest(c.deps(), persist4, opts);
    expect(report.result).toBe('ok');
    expect(head.transport.ran.map(firstWord)).toEqual(['lock', 'picon-inspect', "'cat'", 'picon-write', 'sudo', 'unlock']);
    expect(head.files.get(CONFIG)).toMatch(/server p1 \S+ check inter 1s fall 2 rise 2 weight 4\n/);
    expect(report.persist?.backup).toMatch(/^\/etc\/haproxy\/haproxy\.cfg\.picon-\d{8}T\d{6}\.\d{3}Z\.bak$/);
    expect(head.writes[0]?.args).toEqual([CONFIG, CONFIG, '1', report.persist?.backup, '5']);
    expect(head.files.get(report.persist?.backup ?? '')).toBe(LAB_CFG);
    expect(report.persist).toMatchObject({ ok: true, checked: true, reloaded: true, restored: false, reapplied: ['web/p2 maint'], removedTemps: [`${CONFIG}.picon-Zz99zz.tmp`] });
    expect(renderActionReport(report)).toContain(`removed ${CONFIG}.picon-Zz99zz.tmp, left by an interrupted run`);
  });

  it('a failed check: the config was never touched, HAProxy\'s words name haproxy.cfg (not the temp file); no reload, exit 1', async () => {
    const c = cluster();
    const head = headAnswering({ checkFails: true });
    c.transports.set('head', head.transport);
    const report = await runRequest(c.deps(), persist4, opts);
    expect(report.result).toBe('failed');
    expect(report.persist).toMatchObject({ ok: false, checked: false, restored: false, reloaded: false });
    expect(report.persist?.reason).toBe(`haproxy -c rejected the edited config: [ALERT] config : parsing [${CONFIG}:30] : unknown keyword 'wieght'; ${CONFIG} not changed`);
    expect(report.persist?.backup).toBeUndefined();
    expect(head.files.get(CONFIG)).toBe(LAB_CFG);
    expect(head.transport.ran.some((r) => r.startsWith('sudo -n systemctl'))).toBe(false);
  });

  it.each([
    { case: 'a config past 16 MiB is refused before it is read', size: 18_000_000, content: LAB_CFG, reason: `--persist: ${CONFIG} is 17.2 MiB (18000000 bytes), more than the 16 MiB picon edits; refused, nothing changed`, ran: ['picon-inspect'] },
    { case: 'a config that is not UTF-8 is refused, naming the line', size: undefined, content: `global\n# caf\uFFFD\n${LAB_CFG}`, reason: `--persist: ${CONFIG}:2 is not UTF-8 text; writing it back would change those bytes; refused, nothing changed`, ran: ['picon-inspect', "'cat'"] },
    { case: 'a config that is a FIFO is refused, not read', size: undefined, content: LAB_CFG, inspect: { code: 3, stderr: `${CONFIG} is not a regular file\n` }, reason: `--persist: ${CONFIG} is not a regular file`, ran: ['picon-inspect'] },
    { case: 'a missing config is named', size: undefined, content: LAB_CFG, inspect: { code: 3, stderr: `${CONFIG} does not exist\n` }, reason: `--persist: ${CONFIG} does not exist`, ran: ['picon-inspect'] },
  ])('$case; the runtime weight is not changed either', async ({ size, content, reason, ran, inspect }) => {
    const c = cluster();
    const head = headAnswering({ content, ...(size !== undefined && { size }), ...(inspect !== undefined && { inspect }) });
    c.transports.set('head', head.transport);
    const report = await runRequest(c.deps(), persist4, opts);
    expect(report.result).toBe('refused');
    expect(report.reason).toBe(reason);
    expect(head.transport.ran.map(firstWord)).toEqual(['lock', ...ran, 'unlock']);
    expect(c.haproxy.sent).toEqual([]);
    expect(head.files.get(CONFIG)).toBe(content);
  });

  it('a dry run reads the config and prints the write script and the reload without running them', async () => {
    const c = cluster();
    const head = headAnswering();
    c.transports.set('head', head.transport);
    const report = await runRequest(c.deps(), persist4, { dryRun: true, yes: false });
    expect(head.transport.ran.map(firstWord)).toEqual(['picon-inspect', "'cat'"]);
    const shell = report.commands.filter((x) => x.kind === 'shell');
    expect(shell.map((x) => firstWord(x.line))).toEqual(['picon-write', 'sudo']);
    expect(shell[0]?.line).toMatch(/^sh -c '[^]*' picon-write '\/etc\/haproxy\/haproxy\.cfg' '\/etc\/haproxy\/haproxy\.cfg' '1' '[^']+\.bak' '5'$/);
    expect(shell[0]?.note).toMatch(/with "server p1 \S+ check inter 1s fall 2 rise 2 weight 4"; haproxy -c on a temp file beside it/);
    expect(c.haproxy.sent).toEqual([]);
  });
});

describe('restart', () => {
  it('runs the template, then waits for isActive', async () => {
    const c = cluster();
    let active = 0;
    const p1 = fakeTransport('p1', (command) => {
      if (command.includes('is-active')) return { code: active++ === 1 ? 3 : 0 };
      return { stdout: 'restarted\n' };
    });
    c.transports.set('p1', p1);
    const report = await runRequest(c.deps(), { kind: 'restart', node: 'p1', service: 'nginx' }, { dryRun: false, yes: true });
    expect(p1.ran).toEqual([
      "systemctl is-active 'nginx'",
      "sudo -n systemctl restart 'nginx'",
      "systemctl is-active 'nginx'",
      "systemctl is-active 'nginx'",
    ]);
    expect(report).toMatchObject({ result: 'ok', service: { service: 'nginx', activeBefore: true, activeAfter: true, output: 'restarted' } });
    expect(c.audit[0]).toMatchObject({ action: 'restart', target: { node: 'p1', service: 'nginx' }, after: { 'service nginx': { active: true } } });
  });

  it('a failing restart command is the reason; dry run runs only the isActive check', async () => {
    const c = cluster();
    const p2 = fakeTransport('p2', (command) => (command.includes('restart') ? { code: 1, stderr: 'sudo: a password is required\n' } : { code: 0 }));
    c.transports.set('p2', p2);
    const dry = await runRequest(c.deps(), { kind: 'restart', node: 'p2', service: 'webapp' }, { dryRun: true, yes: false });
    expect(dry.commands.map((x) => x.line)).toEqual(["sudo -n systemctl restart 'webapp'", "systemctl is-active 'webapp'"]);
    expect(p2.ran).toEqual(["systemctl is-active 'webapp'"]);
    const report = await runRequest(c.deps(), { kind: 'restart', node: 'p2', service: 'webapp' }, { dryRun: false, yes: true });
    expect(report.result).toBe('failed');
    expect(report.reason).toBe("p2: `sudo -n systemctl restart 'webapp'` exited 1: sudo: a password is required");
  });
});

describe('runPlan: the steps of a plan, one runner', () => {
  const step = (kind: 'drain' | 'ready', node: string): ResolvedStep => {
    const found = resolveStep(profile, { kind: 'set-servers', request: { kind, node, force: false } });
    if (!found.ok) throw new Error(found.reason);
    return found.value;
  };
  const drainStep = (node: string) => step('drain', node);
  const readyStep = (node: string) => step('ready', node);

  it('runs every step in order, each journaled, a report for each (drain then ready, as a rolling action would)', async () => {
    const c = cluster();
    const reports = await runPlan(c.deps(), [drainStep('p1'), readyStep('p1'), drainStep('p2'), readyStep('p2')], { dryRun: false, yes: true });
    expect(reports.map((r) => r.kind === 'action' && [r.report.title, r.report.result])).toEqual([['drain p1', 'ok'], ['ready p1', 'ok'], ['drain p2', 'ok'], ['ready p2', 'ok']]);
    expect(c.haproxy.sent.filter((l) => l.includes('web/'))).toEqual([
      '/run/haproxy/admin-1.sock: set server web/p1 state drain',
      '/run/haproxy/admin-2.sock: set server web/p1 state drain',
      '/run/haproxy/admin-1.sock: set server web/p1 state ready',
      '/run/haproxy/admin-2.sock: set server web/p1 state ready',
      '/run/haproxy/admin-1.sock: set server web/p2 state drain',
      '/run/haproxy/admin-2.sock: set server web/p2 state drain',
      '/run/haproxy/admin-1.sock: set server web/p2 state ready',
      '/run/haproxy/admin-2.sock: set server web/p2 state ready',
    ]);
    expect(c.audit.map((a) => `${a.action} ${a.target.node} ${a.result}`)).toEqual(['drain p1 ok', 'ready p1 ok', 'drain p2 ok', 'ready p2 ok']);
  });

  it('stops at the first step that is not ok: the guard refuses the last UP server, the steps after it do not run', async () => {
    const c = cluster({ 'web/p2': { status: 'MAINT' }, 'web/p3': { status: 'MAINT' }, 'api/p2': { status: 'MAINT' } });
    const reports = await runPlan(c.deps(), [drainStep('p1'), readyStep('p1'), drainStep('p3')], { dryRun: false, yes: true });
    expect(reports.map((r) => r.kind === 'action' && [r.report.title, r.report.result])).toEqual([['drain p1', 'refused']]);
    expect(c.haproxy.sent).toEqual([]);
  });

  const benchProfile = () => {
    const p = fixtureProfile();
    return { ...p, loadTests: [{ ...p.loadTests[0]!, target: 'nginx' as const, node: 'p1' }] };
  };
  const smoke = (): ResolvedLoadTestStep => {
    const resolved = resolvePlan(benchProfile(), [{ kind: 'load-test', preset: 'smoke' }]);
    if (!resolved.ok || resolved.value[0]?.kind !== 'load-test') throw new Error('smoke does not resolve');
    return resolved.value[0];
  };

  it('runs a load-test step in the same list: drain, load test, ready — through the load-test runner it is given', async () => {
    const c = cluster();
    const order: string[] = [];
    const deps: ActionDeps = {
      ...c.deps(),
      loadTest: async (step) => {
        order.push(`load-test ${step.preset} ${c.haproxy.sent.length}`);
        return { ok: true, record: { id: 'run-1', label: step.preset } as RunRecord };
      },
    };
    const reports = await runPlan(deps, [drainStep('p1'), smoke(), readyStep('p1')], { dryRun: false, yes: true });
    expect(reports.map((r) => (r.kind === 'action' ? r.report.title : `${r.preset} ${r.outcome.ok}`))).toEqual(['drain p1', 'smoke true', 'ready p1']);
    // The load test ran after the drain's four lines (two backends, two processes) and before the ready's.
    expect(order).toEqual(['load-test smoke 4']);
    expect(c.haproxy.sent).toHaveLength(8);
  });

  it('a load test that fails stops the plan; with no runner, or in a dry run, it fails saying so', async () => {
    const c = cluster();
    const failing: ActionDeps = { ...c.deps(), loadTest: async () => ({ ok: false, reason: 'cancelled', cancelled: true }) };
    const stopped = await runPlan(failing, [smoke(), readyStep('p1')], { dryRun: false, yes: true });
    expect(stopped.map((r) => r.kind)).toEqual(['load-test']);
    expect(c.haproxy.sent).toEqual([]);
    const [none] = await runPlan(c.deps(), [smoke()], { dryRun: false, yes: true });
    expect(none?.kind === 'load-test' && none.outcome).toEqual({ ok: false, reason: 'load test smoke: no load-test runner here', cancelled: false });
    const [dry] = await runPlan(failing, [smoke()], { dryRun: true, yes: true });
    expect(dry?.kind === 'load-test' && dry.outcome).toMatchObject({ ok: false, reason: 'load test smoke: not run (--dry-run)' });
  });

  it("resolves a load-test step's preset against the profile once, with the other steps", () => {
    const resolved = resolvePlan(benchProfile(), [{ kind: 'load-test', preset: 'nosuch' }]);
    expect(resolved.ok ? 'resolved' : resolved.reason).toMatch(/nosuch/);
    expect(smoke().plan).toMatchObject({ preset: 'smoke', url: 'http://127.0.13.11/' });
  });
});
