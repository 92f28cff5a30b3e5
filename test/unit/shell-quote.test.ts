import { describe, expect, it } from 'vitest';
import { fillTemplate, remoteCommand, shellQuote } from '../../src/core/remote/shell-quote.js';

describe('shellQuote', () => {
  it.each([
    ['plain', `'plain'`],
    ['', `''`],
    ["it's", `'it'\\''s'`],
    ['a; rm -rf /', `'a; rm -rf /'`],
    ['$(reboot)', `'$(reboot)'`],
    ['`id`', "'`id`'"],
    ['line\nbreak', `'line\nbreak'`],
    ["''", `''\\'''\\'''`],
  ])('%j → %s', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });

  it('refuses a NUL byte', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('remoteCommand and fillTemplate', () => {
  it('quotes every argv element', () => {
    expect(remoteCommand(['cat', '/proc/stat', 'x y']).text).toBe(`'cat' '/proc/stat' 'x y'`);
  });

  it('fills placeholders quoted and leaves the operator text alone', () => {
    expect(fillTemplate('sudo -n systemctl restart {service}', { service: 'nginx; reboot' }).text).toBe(
      `sudo -n systemctl restart 'nginx; reboot'`,
    );
    expect(fillTemplate('/opt/ctl {node} {service}', { node: 'p1', service: 'web' }).text).toBe(`/opt/ctl 'p1' 'web'`);
  });

  it('refuses an unknown placeholder', () => {
    expect(() => fillTemplate('x {host}', { service: 'a' })).toThrow(/\{host\}/);
  });
});
