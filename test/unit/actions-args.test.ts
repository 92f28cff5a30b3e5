import { describe, expect, it } from 'vitest';
import { removalFor, type ActionRequest } from '../../src/core/actions/action-request.js';
import { needsConfirmation } from '../../src/core/actions/catalog.js';
import { parseActionArgs } from '../../src/core/actions/parse-action-args.js';
import { parseWeightValue, resolveWeight } from '../../src/core/actions/weight-value.js';

describe('action arguments', () => {
  it.each([
    ['drain', ['p1'], { kind: 'drain', node: 'p1', force: false }],
    ['drain', ['p1', '--wait'], { kind: 'drain', node: 'p1', force: false, wait: { timeoutMs: 120_000 } }],
    ['drain', ['p1', '--wait', '--wait-timeout', '2.5', '--backend', 'web', '--force'], { kind: 'drain', node: 'p1', backend: 'web', force: true, wait: { timeoutMs: 2500 } }],
    ['ready', ['p1', '--backend=api'], { kind: 'ready', node: 'p1', backend: 'api', force: false }],
    ['maint', ['pi3', '--force'], { kind: 'maint', node: 'pi3', force: true }],
    ['weight', ['p1', '50%'], { kind: 'weight', node: 'p1', force: false, persist: false, weight: { unit: 'percent', amount: 50 } }],
    ['weight', ['p1', '0', '--persist'], { kind: 'weight', node: 'p1', force: false, persist: true, weight: { unit: 'absolute', amount: 0 } }],
    ['restart', ['head', 'haproxy'], { kind: 'restart', node: 'head', service: 'haproxy' }],
  ] as const)('%s %j', (kind, args, request) => {
    expect(parseActionArgs(kind, args)).toEqual({ ok: true, request });
  });

  it.each([
    ['drain', [], 'drain: missing NODE'],
    ['weight', ['p1'], 'weight: missing VALUE'],
    ['restart', ['p1'], 'restart: missing SERVICE'],
    ['drain', ['p1', 'p2'], 'drain: unexpected "p2"'],
    ['ready', ['p1', '--force'], 'ready: --force does not apply to ready'],
    ['maint', ['p1', '--wait'], 'maint: --wait does not apply to maint'],
    ['drain', ['p1', '--wait-timeout', '5'], 'drain: --wait-timeout needs --wait'],
    ['drain', ['p1', '--wait', '--wait-timeout', 'soon'], 'drain: --wait-timeout: soon is not allowed; give seconds from 1 to 86400'],
    ['drain', ['p1;reboot'], 'drain: node "p1;reboot" must be letters'],
    ['restart', ['p1', 'nginx;rm'], 'restart: service "nginx;rm" must be letters'],
    ['drain', ['p1', '--backend', 'a b'], 'drain: backend "a b" must be letters'],
    ['weight', ['p1', '257'], 'weight: weight 257 is too big: use 0..256 or a percentage'],
    ['weight', ['p1', 'heavy'], 'weight: weight must be 0..256 or a percentage of the configured weight such as 50% (got "heavy")'],
    ['weight', ['p1', '-1'], 'weight: VALUE: -1 is not allowed; give a weight from 0 to 256 or a percentage such as 50%'],
    ['drain', ['p1', '--bogus'], "drain: Unknown option '--bogus'"],
  ] as const)('%s %j is refused', (kind, args, reason) => {
    const r = parseActionArgs(kind, args);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.startsWith(reason)).toBe(true);
      expect(r.usage).toContain(`picon ${kind} NODE`);
    }
  });
});

describe('weights', () => {
  it.each([
    ['0', { unit: 'absolute', amount: 0 }],
    ['256', { unit: 'absolute', amount: 256 }],
    ['0%', { unit: 'percent', amount: 0 }],
    ['150%', { unit: 'percent', amount: 150 }],
  ] as const)('%s parses', (text, spec) => {
    expect(parseWeightValue(text)).toEqual({ ok: true, value: spec });
  });

  it.each(['', '%', '1.5', '50 %', '0x10', '1e2', '999999'])('%j is refused with the allowed range', (text) => {
    const r = parseWeightValue(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('0..256');
  });

  it.each([
    [{ unit: 'percent', amount: 50 }, 10, 5],
    [{ unit: 'percent', amount: 50 }, 1, 1],
    [{ unit: 'percent', amount: 25 }, 30, 8],
    [{ unit: 'percent', amount: 0 }, 30, 0],
    [{ unit: 'percent', amount: 200 }, 128, 256],
    [{ unit: 'absolute', amount: 7 }, undefined, 7],
  ] as const)('%j of configured %s is %s', (spec, initial, weight) => {
    expect(resolveWeight(spec, initial, 'web/p1')).toEqual({ ok: true, value: weight });
  });

  it('a percentage above 256 or of an unknown configured weight is refused, naming the server', () => {
    const big = resolveWeight({ unit: 'percent', amount: 300 }, 100, 'web/p1');
    expect(big).toEqual({ ok: false, reason: 'web/p1: 300% of its configured weight 100 is 300, above the maximum 256' });
    const unknown = resolveWeight({ unit: 'percent', amount: 50 }, undefined, 'web/p1');
    expect(unknown.ok).toBe(false);
  });
});

describe('which actions ask first (the catalog) and which take a server out of rotation', () => {
  const req = (r: Partial<ActionRequest> & { kind: ActionRequest['kind'] }): ActionRequest => ({ node: 'p1', force: false, service: 'nginx', ...r }) as unknown as ActionRequest;
  it.each([
    [req({ kind: 'maint' }), true],
    [req({ kind: 'restart' }), true],
    [req({ kind: 'weight', weight: { unit: 'absolute', amount: 0 } }), true],
    [req({ kind: 'weight', weight: { unit: 'percent', amount: 0 } }), true],
    [req({ kind: 'weight', weight: { unit: 'absolute', amount: 3 } }), false],
    [req({ kind: 'drain' }), true],
    [req({ kind: 'ready' }), false],
  ])('%j asks first: %s', (request, asks) => {
    expect(needsConfirmation(request)).toBe(asks);
  });

  it('drain, maint and weight 0 take a server out of rotation; ready and weight > 0 do not', () => {
    const base = { node: 'p1', force: false } as const;
    expect(removalFor({ ...base, kind: 'drain' }, undefined)).toEqual({ kind: 'drain' });
    expect(removalFor({ ...base, kind: 'maint' }, undefined)).toEqual({ kind: 'maint' });
    expect(removalFor({ ...base, kind: 'weight' }, 0)).toEqual({ kind: 'weight', weight: 0 });
    expect(removalFor({ ...base, kind: 'weight' }, 2)).toBeUndefined();
    expect(removalFor({ ...base, kind: 'ready' }, undefined)).toBeUndefined();
  });
});
