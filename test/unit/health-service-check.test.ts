import { describe, expect, it } from 'vitest';
import { commandBatch, parseBatch } from '../../src/core/health/command-batch.js';
import { serviceCheckCommand, serviceState } from '../../src/core/health/service-check.js';

describe('serviceCheckCommand', () => {
  it('fills the isActive template per service, quoted, in one batch', () => {
    expect(serviceCheckCommand('systemctl is-active {service}', 'w1', ['nginx', 'app']).text).toBe(
      `( systemctl is-active 'nginx' ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' "$?"; ` +
        `( systemctl is-active 'app' ) </dev/null 2>&1; printf '\\npicon-exit-status:%s\\n' "$?"`,
    );
  });

  it('fills {node} too', () => {
    expect(serviceCheckCommand('pgrep -f {service}-{node}', 'w1', ['app']).text).toContain(`pgrep -f 'app'-'w1'`);
  });
});

describe('parseBatch', () => {
  it.each([
    [
      'two results',
      'active\n\npicon-exit-status:0\ninactive\n\npicon-exit-status:3\n',
      2,
      [{ code: 0, output: 'active' }, { code: 3, output: 'inactive' }],
    ],
    [
      'output without a newline, and no output',
      'active\npicon-exit-status:0\n\npicon-exit-status:1\n',
      2,
      [{ code: 0, output: 'active' }, { code: 1, output: '' }],
    ],
    ['cut short: the rest did not finish', 'active\n\npicon-exit-status:0\nacti', 3, [
      { code: 0, output: 'active' }, { code: null, output: '' }, { code: null, output: '' },
    ]],
    ['nothing', '', 1, [{ code: null, output: '' }]],
    ['garbage', 'Segmentation fault\n', 1, [{ code: null, output: '' }]],
  ])('%s', (_name, stdout, count, expected) => {
    expect(parseBatch(stdout, count)).toEqual({ ok: true, value: expected });
  });

  it('more results than commands → a reason', () => {
    expect(parseBatch('\npicon-exit-status:0\n\npicon-exit-status:0\n', 1).ok).toBe(false);
  });

  it('round trip through a real shell, where one command exits the shell', async () => {
    const { execFileSync } = await import('node:child_process');
    const command = commandBatch([{ text: 'echo up' }, { text: 'echo down >&2; exit 3' }, { text: 'true' }]);
    const stdout = execFileSync('sh', ['-c', command.text], { encoding: 'utf8' });
    expect(parseBatch(stdout, 3)).toEqual({
      ok: true,
      value: [{ code: 0, output: 'up' }, { code: 3, output: 'down' }, { code: 0, output: '' }],
    });
  });
});

describe('serviceState', () => {
  it.each([
    [{ code: 0, output: 'active' }, { ok: true, value: { running: true, detail: 'active' } }],
    [{ code: 0, output: '' }, { ok: true, value: { running: true, detail: 'running' } }],
    [{ code: 3, output: 'inactive' }, { ok: true, value: { running: false, detail: 'inactive' } }],
    [{ code: 3, output: 'failed\n' }, { ok: true, value: { running: false, detail: 'failed' } }],
    [{ code: 1, output: '' }, { ok: true, value: { running: false, detail: 'exit 1' } }],
  ])('%j', (result, expected) => {
    expect(serviceState('nginx', result)).toEqual(expected);
  });

  it.each([
    [{ code: 127, output: 'sh: 1: systemctl: not found' }, 'the check of nginx could not run (exit 127: sh: 1: systemctl: not found)'],
    [{ code: null, output: '' }, 'the check of nginx did not finish'],
    // `sudo -n systemctl is-active nginx` as a user without a sudoers rule (captured on the lab head).
    [{ code: 1, output: 'sudo: a password is required' }, 'the check of nginx could not run (exit 1: sudo: a password is required)'],
    // systemctl in a container without systemd (captured on the development VM).
    [
      { code: 1, output: "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down" },
      "the check of nginx could not run (exit 1: System has not been booted with systemd as init system (PID 1). Can't operate.)",
    ],
    [{ code: 1, output: 'Failed to connect to bus: No such file or directory' }, 'the check of nginx could not run (exit 1: Failed to connect to bus: No such file or directory)'],
  ])('%j → not known', (result, reason) => {
    expect(serviceState('nginx', result)).toEqual({ ok: false, reason });
  });
});
