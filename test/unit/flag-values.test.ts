import { describe, expect, it } from 'vitest';
import { parseActionArgs } from '../../src/core/actions/parse-action-args.js';
import { attachDashValues, choiceFlag, numberFlag } from '../../src/core/flags/flag-value.js';

describe('numberFlag', () => {
  const seconds = { min: 1, max: 3600, unit: 'seconds' };
  const whole = { min: 1, max: 200, unit: 'workers', whole: true };
  it.each([
    ['1', seconds, 1],
    ['3600', seconds, 3600],
    ['2.5', seconds, 2.5],
    ['.5', { ...seconds, min: 0.2 }, 0.5],
    ['200', whole, 200],
  ] as const)('%j within %j is %d', (text, rule, value) => {
    expect(numberFlag('--x', text, rule)).toEqual({ ok: true, value });
  });
  it.each([
    ['negative', '-5', seconds, '--x: -5 is not allowed; give seconds from 1 to 3600'],
    ['zero', '0', seconds, '--x: 0 is not allowed; give seconds from 1 to 3600'],
    ['too big', '3601', seconds, '--x: 3601 is not allowed; give seconds from 1 to 3600'],
    ['a word', 'soon', seconds, '--x: soon is not allowed; give seconds from 1 to 3600'],
    ['empty', '', seconds, '--x: "" is not allowed; give seconds from 1 to 3600'],
    ['blank', ' ', seconds, '--x: " " is not allowed; give seconds from 1 to 3600'],
    ['exponent', '1e3', seconds, '--x: 1e3 is not allowed; give seconds from 1 to 3600'],
    ['hex', '0x10', seconds, '--x: 0x10 is not allowed; give seconds from 1 to 3600'],
    ['Infinity', 'Infinity', seconds, '--x: Infinity is not allowed; give seconds from 1 to 3600'],
    ['a fraction where whole', '2.5', whole, '--x: 2.5 is not allowed; give a whole number of workers from 1 to 200'],
  ] as const)('%s: %j', (_name, text, rule, reason) => {
    expect(numberFlag('--x', text, rule)).toEqual({ ok: false, reason });
  });
});

describe('choiceFlag', () => {
  it.each([
    ['ab', { ok: true, value: 'ab' }],
    ['wrk', { ok: false, reason: '--engine: wrk is not allowed; give one of builtin or ab' }],
    ['', { ok: false, reason: '--engine: "" is not allowed; give one of builtin or ab' }],
    ['AB', { ok: false, reason: '--engine: AB is not allowed; give one of builtin or ab' }],
  ] as const)('%j', (text, expected) => {
    expect(choiceFlag('--engine', text, ['builtin', 'ab'])).toEqual(expected);
  });
});

describe('attachDashValues', () => {
  it.each([
    [['--wait-timeout', '-5'], ['--wait-timeout=-5']],
    [['--wait-timeout', '5', '-5'], ['--wait-timeout', '5', '-5']],
    [['--wait', '-5'], ['--wait', '-5']],
    [['--lock-wait', '--', 'x'], ['--lock-wait', '--', 'x']],
  ])('%j → %j', (args, expected) => {
    expect(attachDashValues(args, ['--wait-timeout', '--lock-wait'])).toEqual(expected);
  });
});

describe('every numeric flag of the actions names the flag, the value and the range', () => {
  const wait = 'give seconds from 1 to 86400';
  const lock = 'give seconds from 0 to 3600';
  it.each([
    ['drain', ['p1', '--wait', '--wait-timeout', '-5'], `drain: --wait-timeout: -5 is not allowed; ${wait}`],
    ['drain', ['p1', '--wait', '--wait-timeout', '0'], `drain: --wait-timeout: 0 is not allowed; ${wait}`],
    ['drain', ['p1', '--wait', '--wait-timeout', 'soon'], `drain: --wait-timeout: soon is not allowed; ${wait}`],
    ['drain', ['p1', '--wait', '--wait-timeout='], `drain: --wait-timeout: "" is not allowed; ${wait}`],
    ['drain', ['p1', '--wait', '--wait-timeout', '86401'], `drain: --wait-timeout: 86401 is not allowed; ${wait}`],
    ['drain', ['p1', '--wait', '--wait-timeout=-1'], `drain: --wait-timeout: -1 is not allowed; ${wait}`],
    ['ready', ['p1', '--lock-wait', '-1'], `ready: --lock-wait: -1 is not allowed; ${lock}`],
    ['maint', ['p1', '--lock-wait', 'long'], `maint: --lock-wait: long is not allowed; ${lock}`],
    ['weight', ['p1', '2', '--lock-wait', '3601'], `weight: --lock-wait: 3601 is not allowed; ${lock}`],
    ['restart', ['p1', 'nginx', '--lock-wait='], `restart: --lock-wait: "" is not allowed; ${lock}`],
    ['weight', ['p1', '-3'], 'weight: VALUE: -3 is not allowed; give a weight from 0 to 256 or a percentage such as 50%'],
  ] as const)('%s %j', (kind, args, reason) => {
    expect(parseActionArgs(kind, args)).toMatchObject({ ok: false, reason });
  });

  it('0 seconds of --lock-wait is allowed (do not wait)', () => {
    expect(parseActionArgs('ready', ['p1', '--lock-wait', '0'])).toMatchObject({ ok: true, request: { lockWaitMs: 0 } });
  });
});
